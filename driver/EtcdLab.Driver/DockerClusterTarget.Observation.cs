using EtcdLab.Core.Targets;
using EtcdLab.Driver.Containers;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    /// <remarks>Hosts are looked at concurrently: Docker's view of the process and, for a running member,
    /// Status and its local MemberList, each bounded by <see cref="DockerTargetOptions.ObserveTimeout"/>.
    /// A member that does not answer in time shows with no status and no member list.</remarks>
    public override async Task<ClusterObservation> ObserveAsync(CancellationToken ct)
    {
        var hosts = await Task.WhenAll(Cluster.Containers.Select(c => ObserveHostAsync(c, ct)));
        return new ClusterObservation(hosts);
    }

    private async Task<HostObservation> ObserveHostAsync(EtcdContainer container, CancellationToken ct)
    {
        var ip = container.Ip;
        var state = await container.GetStateAsync(ct);
        if (state.Process != ProcessState.Running)
            return new HostObservation(container.Host, ip, state.Process, state.Process == ProcessState.Exited ? state.ExitError : null, null, null);
        var endpoint = container.ClientUrl;
        var status = Cluster.Rpc.StatusAsync(endpoint, _options.ObserveTimeout, ct);
        var members = Cluster.Rpc.MemberListAsync(endpoint, _options.ObserveTimeout, ct);
        return new HostObservation(container.Host, ip, state.Process, null,
            (await status).Value, (await members).Value?.Members);
    }
}
