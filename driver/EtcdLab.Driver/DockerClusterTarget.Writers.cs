using EtcdLab.Core.Targets;
using EtcdLab.Driver.Writers;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    protected override Task StartWriterCoreAsync(WriterSpec spec, CancellationToken ct)
    {
        var writer = new BackgroundWriter(spec, host => Cluster[host].ClientUrl, Cluster.Rpc, Recorder);
        _writers[spec.Name] = writer;
        writer.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task StopWriterCoreAsync(string writer, CancellationToken ct) => _writers[writer].StopAsync();
}
