using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Cli.Tests;

/// <summary>DOCKER_HOST names an engine on this machine, or is refused saying what it must look like.
/// Only parsed here: nothing is dialled.</summary>
public class DockerHostSpec
{
    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock")]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("tcp://localhost:2375")]
    [InlineData("tcp://[::1]:2375")]
    [InlineData("http://127.3.0.1:2375")]
    public void DockerHost_should_accept_an_engine_on_this_machine(string value)
    {
        Assert.Equal(value, DockerEngine.ParseDockerHost(value).OriginalString);
    }

    [Theory]
    [InlineData("tcp://192.0.2.1:2375", "is outside 127.0.0.0/8")]
    [InlineData("tcp://docker.example:2375", "EtcdLab resolves no names")]
    [InlineData("tcp://0.0.0.0:2375", "wildcard")]
    [InlineData("tcp://0x7f.1:2375", "resolves no names")]
    [InlineData("tcp://127.0.0.01:2375", "write 127.0.0.1")]
    [InlineData("https://127.0.0.1:2376", "not https://")]
    [InlineData("npipe:////./pipe/docker_engine", "not npipe://")]
    [InlineData("unix://docker.sock", "names no absolute socket path")]
    [InlineData("tcp://[bad", "is not a URL")]
    [InlineData("127.0.0.1:2375", "is not a URL")]
    public void DockerHost_should_refuse_anything_else_saying_what_it_must_look_like(string value, string why)
    {
        var e = Assert.Throws<EnvironmentException>(() => DockerEngine.ParseDockerHost(value));
        Assert.Contains($"DOCKER_HOST='{value}'", e.Message);
        Assert.Contains(why, e.Message);
        Assert.Contains(DockerEngine.DockerHostForms, e.Message);
        Assert.True(e.IsInputError);
    }
}
