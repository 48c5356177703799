using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Builders;

namespace EtcdLab.Driver.Tests;

public sealed class InsideNetworkSpec
{
    [Theory]
    [InlineData("127.0.0.0/8")]
    [InlineData("127.5.0.0/16")]
    [InlineData("127.5.1.0/24")]
    [InlineData("127.5.1.1/32")]
    public void Inside_network_should_accept_networks_inside_127_8(string cidr)
    {
        Assert.Equal(cidr, new DockerTargetOptions { InsideNetwork = cidr }.InsideNetwork);
        Assert.Equal(cidr, new EtcdClusterBuilder().WithInsideNetwork(cidr).Configuration.InsideNetwork.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("0.0.0.0/0")]
    [InlineData("126.0.0.0/7")]
    [InlineData("128.0.0.0/8")]
    [InlineData("::1/128")]
    [InlineData("127.5.0.1/16")]
    [InlineData("127.5.0.0/33")]
    [InlineData("127.5.1.1")]
    [InlineData("loopback")]
    public void Inside_network_should_refuse_anything_else_with_an_input_error(string cidr)
    {
        var options = Assert.Throws<InputException>(() => new DockerTargetOptions { InsideNetwork = cidr });
        Assert.Contains($"'{cidr}'", options.Message);
        var builder = Assert.Throws<InputException>(() => new EtcdClusterBuilder().WithInsideNetwork(cidr));
        Assert.Equal(options.Message, builder.Message);
    }

    [Fact]
    public void Inside_network_should_default_to_all_of_loopback()
    {
        Assert.Equal("127.0.0.0/8", new DockerTargetOptions().InsideNetwork);
        Assert.Equal("127.0.0.0/8", new EtcdClusterBuilder().Configuration.InsideNetwork.ToString());
    }
}
