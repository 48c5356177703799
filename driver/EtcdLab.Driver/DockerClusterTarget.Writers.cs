using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Writers;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    /// <exception cref="InputException">A writer of that name still runs, or a host is unknown.</exception>
    public Task StartWriterAsync(WriterSpec spec, CancellationToken ct)
    {
        if (spec.Hosts.Count == 0) throw new InputException($"Writer {spec.Name} has no hosts to write to.");
        foreach (var host in spec.Hosts) _ = Host(host);
        var writer = new BackgroundWriter(spec, EndpointOf, Cluster.Rpc, _recorder!);
        if (_writers.TryGetValue(spec.Name, out var existing) && existing.IsRunning)
            throw new InputException($"Writer {spec.Name} already runs; stop it first or give the new one another name.");
        _writers[spec.Name] = writer;
        writer.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="InputException">No writer of that name was started.</exception>
    public Task StopWriterAsync(string writer, CancellationToken ct) =>
        _writers.TryGetValue(writer, out var w)
            ? w.StopAsync()
            : throw new InputException($"No writer named {writer} was started; started: {string.Join(", ", _writers.Keys.DefaultIfEmpty("none"))}.");

    /// <summary>The host's client URL at its current address (resolved at every write, like a DNS name).</summary>
    private string? EndpointOf(string host) => Cluster.Containers.FirstOrDefault(c => c.Host == host)?.ClientUrl;
}
