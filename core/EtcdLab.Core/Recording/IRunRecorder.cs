using EtcdLab.Core.Events;

namespace EtcdLab.Core.Recording;

/// <summary>
/// Where the runner and the target report what happens during a run. The recorder stamps each
/// event with its sequence number, the target's time and the current step. Safe to call from any
/// thread (the Docker target reports from log and writer tasks).
/// </summary>
public interface IRunRecorder
{
    /// <summary>Appends <paramref name="e"/> to the run's log and returns it as stamped.</summary>
    RunEvent Record(RunEvent e);
}
