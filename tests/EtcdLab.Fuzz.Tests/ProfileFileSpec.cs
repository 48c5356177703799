using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Tests;

public sealed class ProfileFileSpec
{
    [Fact]
    public void Profile_file_should_read_back_what_it_writes()
    {
        foreach (var profile in FaultProfiles.ByName.Values)
            Assert.Equal(profile, FaultProfileFile.Parse(FaultProfileFile.Write(profile), "p.yaml"));
    }

    [Fact]
    public void Profile_file_should_default_every_key_it_omits_and_be_named_after_its_file()
    {
        var p = FaultProfileFile.Parse("kinds: [pause]\nmax-faults: 2\nduration: 1s..3s\nbeyond-tolerance: yes\n", "teams/nightly.yaml");

        Assert.Equal("nightly", p.Name);
        Assert.Equal([FaultKind.Pause], p.Kinds);
        Assert.Equal(2, p.MaxFaults);
        Assert.Equal(new DurationRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), p.Duration);
        Assert.True(p.BeyondTolerance);
        Assert.Equal(FaultProfiles.Default.Targets, p.Targets);
        Assert.Equal(FaultProfiles.Default.Offset, p.Offset);
    }

    [Theory]
    [InlineData("kinds: [crash, meteor]\n", 1, 16, "unknown kinds item 'meteor'")]
    [InlineData("max-faults: 0\n", 1, 13, "max-faults must be a whole number from 1 to 16")]
    [InlineData("duration: 5s..1s\n", 1, 11, "runs backwards")]
    [InlineData("duration: soon\n", 1, 11, "range of durations such as 100ms..5s")]
    [InlineData("loss: 0%..20%\n", 1, 7, "percentage from above 0 to 100")]
    [InlineData("profile: x\nswarm: maybe\n", 2, 8, "true or false")]
    [InlineData("kinds: [crash]\nshape: [isolate]\n", 2, 1, "unknown key 'shape'")]
    [InlineData("targets: [host, host]\n", 1, 17, "appears twice")]
    public void Profile_file_mistake_should_be_reported_at_its_line_and_column(string yaml, int line, int column, string problem)
    {
        var e = Assert.Throws<ScenarioException>(() => FaultProfileFile.Parse(yaml, "p.yaml"));

        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"p.yaml:{line}:{column}: ", e.Message);
    }

    [Fact]
    public void Unknown_profile_name_should_be_bad_input_that_lists_the_shipped_ones()
    {
        var e = Assert.Throws<InputException>(() => FaultProfiles.Resolve("gentle"));

        Assert.Contains("default, harsh, swarm", e.Message);
    }
}
