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
        if (step.Flags.Count > 0)
        {
            var set = SubstituteAll(step.Flags);
            host.Configured = host.Configured.Merge(set);
            _recorder.Record(new HostConfigured(host.Name, set.ToArgs(), []));
        }
        await _target.StartAsync(host.Name, FlagsFor(host), ct);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> StopAsync(StopStep step, CancellationToken ct)
    {
        if (step.Kill) await _target.KillAsync(step.Host, ct);
        else await _target.StopAsync(step.Host, ct);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> PauseAsync(PauseStep step, CancellationToken ct)
    {
        await _target.PauseAsync(step.Host, ct);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> ResumeAsync(ResumeStep step, CancellationToken ct)
    {
        await _target.ResumeAsync(step.Host, ct);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> WipeDataAsync(WipeDataStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        var dataDir = DataDirOf(host);
        await _target.RemoveDirectoryAsync(host.Name, dataDir, ct);
        _recorder.Record(new DirectoryRemoved(host.Name, dataDir, IsDataDir: true));
        return StepOutcome.Pass();
    }

    /// <summary>Copies the data dir. Of a running member only with <c>live: true</c>, and then the copy
    /// holds what the files held at that moment; whether it was live is decided here, when the step
    /// runs (a <c>shell: cp -r</c> of the data dir asks for a live copy whatever the process does).</summary>
    private async Task<StepOutcome> BackupDataAsync(BackupDataStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        var dataDir = DataDirOf(host);
        var running = _target.ProcessOf(host.Name) is ProcessState.Running or ProcessState.Paused;
        if (running && !step.Live)
            return StepOutcome.Fail(
                $"etcd runs on {host.Name} with its data in {dataDir}: a copy now holds whatever the files hold while etcd writes them, not a consistent backup. "
                + $"Stop etcd on {host.Name} first, or write `live: true` on the step to take that copy of the running member (what `cp -a {dataDir}` of a running member gives).");
        if (running) await _target.CopyDirectoryLiveAsync(host.Name, dataDir, step.To, ct);
        else await _target.CopyDirectoryAsync(host.Name, dataDir, step.To, ct);
        _recorder.Record(new DirectoryCopied(host.Name, dataDir, step.To, FromDataDir: true, Live: running));
        return StepOutcome.Pass();
    }

    /// <summary><c>rm -rf</c> of the data dir, then <c>cp -a</c> of the backup in its place, with etcd stopped.</summary>
    private async Task<StepOutcome> RestoreDataAsync(RestoreDataStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        var dataDir = DataDirOf(host);
        if (_target.ProcessOf(host.Name) is ProcessState.Running or ProcessState.Paused)
            return StepOutcome.Fail($"Refusing to restore {dataDir} on {host.Name} from {step.From}: etcd runs there with its data in {dataDir} and would go on using it. Stop etcd on {host.Name} first.");
        await _target.RemoveDirectoryAsync(host.Name, dataDir, ct);
        _recorder.Record(new DirectoryRemoved(host.Name, dataDir, IsDataDir: true));
        await _target.CopyDirectoryAsync(host.Name, step.From, dataDir, ct);
        _recorder.Record(new DirectoryCopied(host.Name, step.From, dataDir, ToDataDir: true));
        return StepOutcome.Pass();
    }

    /// <summary>Runs the host actions an operator's command amounts to, in order, up to the first that fails.</summary>
    private async Task<StepOutcome> ShellAsync(ShellStep step, CancellationToken ct)
    {
        var attempts = 0;
        foreach (var action in step.Steps)
        {
            StepOutcome outcome;
            try
            {
                outcome = await ExecuteAsync(action, ct);
            }
            catch (HostActionException e)
            {
                outcome = StepOutcome.Fail(e.Message);
            }
            attempts += outcome.Attempts;
            if (outcome.Failure is { } failure) return StepOutcome.Fail($"`{step.CommandLine}` ({action.Describe()}): {failure}", attempts);
        }
        return StepOutcome.Pass(attempts);
    }

    private async Task<StepOutcome> CopyFileAsync(CopyFileStep step, CancellationToken ct)
    {
        var from = Substitute(step.Path);
        var destination = Substitute(step.Destination);
        foreach (var to in step.To)
        {
            await _target.CopyFileAsync(step.From, from, to, destination, ct);
            _recorder.Record(new FileCopied(step.From, from, to, destination));
        }
        return StepOutcome.Pass();
    }

    /// <summary>An operator moves a host; the target stops etcd, moves the host and starts etcd again
    /// with the host's configuration, whose default URLs follow the new address.</summary>
    private async Task<StepOutcome> ChangeIpAsync(ChangeIpStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        var newIp = _target.Addresses.Map(step.NewIp);
        await _target.ChangeIpAsync(host.Name, newIp, FlagsFor(host, newIp), ct);
        return StepOutcome.Pass();
    }

    private Task<StepOutcome> ConfigureAsync(ConfigureStep step)
    {
        var host = Host(step.Host);
        var set = SubstituteAll(step.Set);
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
