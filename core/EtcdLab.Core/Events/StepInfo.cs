namespace EtcdLab.Core.Events;

/// <summary>A step as the scenario file states it.</summary>
/// <param name="Index">Step number: 0 bootstraps the cluster, 1..n are the file's steps, n+1 verifies.</param>
/// <param name="Line">Line of the step in the scenario file (0 for the synthetic first and last steps).</param>
/// <param name="Id">The step's <c>id</c>, when it has one.</param>
/// <param name="Text">One-line summary, for example <c>etcdctl member remove ${failed-id} (on m1)</c>.</param>
public sealed record StepInfo(int Index, int Line, string? Id, string Text);
