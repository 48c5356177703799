using System.Diagnostics;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

/// <summary>A scenario path that is no readable UTF-8 file is an <see cref="InputException"/> naming the path and what to do.</summary>
public sealed class ScenarioFileInputSpec : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("etcdlab-file-input-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(recursive: true);

    private InputException Refused(string path, string what)
    {
        var e = Assert.Throws<InputException>(() => ScenarioLoader.LoadFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(what, e.Message);
        return e;
    }

    [Fact]
    public void LoadFile_should_refuse_a_symbolic_link_loop()
    {
        File.CreateSymbolicLink(PathOf("a.yaml"), PathOf("b.yaml"));
        File.CreateSymbolicLink(PathOf("b.yaml"), PathOf("a.yaml"));
        Refused(PathOf("a.yaml"), "a loop of links?");
    }

    [Fact]
    public void LoadFile_should_refuse_a_link_to_nothing() =>
        Refused(File.CreateSymbolicLink(PathOf("dangling.yaml"), PathOf("gone.yaml")).FullName, "which is no file");

    [Fact]
    public void LoadFile_should_refuse_a_folder() => Refused(_dir.FullName, "is a folder, not a scenario file");

    [Fact]
    public void LoadFile_should_refuse_a_missing_file() => Refused(PathOf("nope.yaml"), "no such scenario file");

    [Fact]
    public void LoadFile_should_refuse_an_empty_file()
    {
        File.WriteAllText(PathOf("empty.yaml"), "");
        Refused(PathOf("empty.yaml"), "is empty, or not a regular file");
    }

    [Fact]
    public void LoadFile_should_refuse_a_device_without_reading_it_forever() => Refused("/dev/zero", "not a regular file");

    [Fact]
    public void LoadFile_should_refuse_a_fifo_without_waiting_for_a_writer()
    {
        var fifo = PathOf("pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Refused(fifo, "not a regular file");
    }

    [Fact]
    public void LoadFile_should_refuse_a_file_over_one_mebibyte()
    {
        File.WriteAllText(PathOf("big.yaml"), "# " + new string('x', ScenarioLoader.MaxFileBytes) + "\n");
        Refused(PathOf("big.yaml"), "a scenario file is at most 1024 KiB");
    }

    [Fact]
    public void LoadFile_should_refuse_text_that_is_not_utf8_naming_its_line()
    {
        var latin1 = "scenario: caf\u00e9\nprocedure: P1\n"u8.ToArray().Concat(new byte[] { 0x23, 0x20, 0xE9, 0x0A }).ToArray();
        File.WriteAllBytes(PathOf("latin1.yaml"), latin1);
        var e = Refused(PathOf("latin1.yaml"), "not UTF-8 text (byte 0xE9");
        Assert.StartsWith($"{PathOf("latin1.yaml")}:3:", e.Message);
    }

    [Fact]
    public void LoadFile_should_read_utf8_with_a_byte_order_mark()
    {
        var text = File.ReadAllText(Path.Combine(ScenarioFilesSpec.RepoRoot, "scenarios", "scale-up.yaml"));
        File.WriteAllBytes(PathOf("scale-up.yaml"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        Assert.Equal("scale-up", ScenarioLoader.LoadFile(PathOf("scale-up.yaml")).Name);
    }
}
