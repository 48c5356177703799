using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Tests;

public sealed class EnvironmentSpec
{
    [Fact]
    public async Task No_engine_should_say_how_to_start_one()
    {
        var options = new DockerTargetOptions { DockerEndpoint = new Uri("unix:///tmp/etcdlab-no-such-docker.sock") };

        var e = await Assert.ThrowsAsync<EnvironmentException>(() => DockerClusterTarget.CreateAsync(options));

        Assert.Contains("No Docker engine answers at unix:///tmp/etcdlab-no-such-docker.sock", e.Message);
        Assert.Contains("apt-get install docker.io", e.Message);
        Assert.Contains("dockerd --bridge=none --iptables=false &", e.Message);
        Assert.Contains("scripts/ensure-docker.sh", e.Message);
        Assert.True(e.IsInputError);
        Assert.Contains("Details:", e.Describe());
    }

    [Fact]
    public async Task Connecting_should_name_the_endpoint_it_tried()
    {
        var e = await Assert.ThrowsAsync<EnvironmentException>(() => DockerEngine.ConnectAsync(new Uri("tcp://127.0.0.1:1"), TimeSpan.FromSeconds(2)));
        Assert.Contains("tcp://127.0.0.1:1", e.Message);
    }
}
