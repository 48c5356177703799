using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    private async Task<StepOutcome> StartAsync(StartStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (host.Process is ProcessState.Running or ProcessState.Paused)
            return StepOutcome.Fail($"etcd already runs on {host.Name}; stop it first");
        if (step.Flags.Count > 0)
        {
            var set = step.Flags.Select(f => new KeyValuePair<string, string>(f.Key, Substitute(f.Value))).ToArray();
            host.Configured = host.Configured.Merge(EtcdFlags.From(set));
            _recorder.Record(new HostConfigured(host.Name, EtcdFlags.From(set).ToArgs(), []));
        }
        await StartProcessAsync(host, ct);
        return StepOutcome.Pass();
    }

    private async Task StartProcessAsync(HostState host, CancellationToken ct)
    {
        var flags = FlagsFor(host);
        // Recorded first: the target may report the process's exit before StartAsync returns.
        _recorder.Record(new ProcessStarted(host.Name, host.Ip, flags.ToArgs()));
        host.Process = ProcessState.Running;
        await _target.StartAsync(host.Name, flags, ct);
    }

    private async Task<StepOutcome> StopAsync(StopStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (step.Kill) await _target.KillAsync(host.Name, ct);
        else await _target.StopAsync(host.Name, ct);
        if (host.Process is ProcessState.Running or ProcessState.Paused)
        {
            host.Process = ProcessState.Stopped;
            _recorder.Record(new ProcessStopped(host.Name, step.Kill));
        }
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> PauseAsync(PauseStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (host.Process != ProcessState.Running) return StepOutcome.Fail($"etcd does not run on {host.Name}; there is nothing to pause");
        await _target.PauseAsync(host.Name, ct);
        host.Process = ProcessState.Paused;
        _recorder.Record(new ProcessPaused(host.Name));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> ResumeAsync(ResumeStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (host.Process != ProcessState.Paused) return StepOutcome.Fail($"etcd on {host.Name} is not paused");
        await _target.ResumeAsync(host.Name, ct);
        host.Process = ProcessState.Running;
        _recorder.Record(new ProcessResumed(host.Name));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> WipeDataAsync(WipeDataStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (host.Process is ProcessState.Running or ProcessState.Paused)
            return StepOutcome.Fail($"etcd still runs on {host.Name}; stop it before removing its data dir {host.DataDir}");
        await _target.RemoveDirectoryAsync(host.Name, host.DataDir, ct);
        _recorder.Record(new DirectoryRemoved(host.Name, host.DataDir, IsDataDir: true));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> BackupDataAsync(BackupDataStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        await _target.CopyDirectoryAsync(host.Name, host.DataDir, step.To, ct);
        _recorder.Record(new DirectoryCopied(host.Name, host.DataDir, step.To));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> CopyFileAsync(CopyFileStep step, CancellationToken ct)
    {
        foreach (var to in step.To)
        {
            await _target.CopyFileAsync(step.From, step.Path, to, step.Path, ct);
            _recorder.Record(new FileCopied(step.From, step.Path, to, step.Path));
        }
        return StepOutcome.Pass();
    }

    /// <summary>An operator moves a host: etcd stops, the address changes, etcd starts again on the
    /// new address with the host's configuration (whose default URLs follow the address).</summary>
    private async Task<StepOutcome> ChangeIpAsync(ChangeIpStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        if (_hosts.Values.FirstOrDefault(h => h.Ip == step.NewIp && h != host) is { } other)
            return StepOutcome.Fail($"{other.Name} already has address {step.NewIp}");
        var wasRunning = host.Process is ProcessState.Running or ProcessState.Paused;
        if (wasRunning) await StopAsync(new StopStep(host.Name, Kill: false), ct);
        await _target.ChangeIpAsync(host.Name, step.NewIp, null, ct);
        var old = host.Ip;
        host.Ip = step.NewIp;
        _recorder.Record(new IpChanged(host.Name, old, step.NewIp));
        if (wasRunning) await StartProcessAsync(host, ct);
        return StepOutcome.Pass();
    }

    private Task<StepOutcome> ConfigureAsync(ConfigureStep step)
    {
        var host = Host(step.Host);
        var set = EtcdFlags.From(step.Set.Select(f => new KeyValuePair<string, string>(f.Key, Substitute(f.Value))));
        var configured = host.Configured.Merge(set);
        foreach (var name in step.Unset) configured = configured.Without(name);
        host.Configured = configured;
        _recorder.Record(new HostConfigured(host.Name, set.ToArgs(), step.Unset));
        return Task.FromResult(StepOutcome.Pass());
    }

    private async Task<StepOutcome> PartitionAsync(PartitionStep step, CancellationToken ct)
    {
        await _target.PartitionAsync(step.Groups, ct);
        _recorder.Record(new PartitionStarted(step.Groups));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> HealAsync(CancellationToken ct)
    {
        await _target.HealAsync(ct);
        _recorder.Record(new PartitionHealed());
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> WaitAsync(WaitStep step, CancellationToken ct)
    {
        await _target.DelayAsync(step.Duration, ct);
        return StepOutcome.Pass();
    }

    private Task<StepOutcome> RestAsync(RestStep step)
    {
        _recorder.Record(new RestPoint(step.Label));
        return Task.FromResult(StepOutcome.Pass());
    }
}
