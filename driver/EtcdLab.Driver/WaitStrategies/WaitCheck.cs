namespace EtcdLab.Driver.WaitStrategies;

/// <summary>The outcome of one check of a wait strategy.</summary>
/// <param name="IsReady">True when the condition holds.</param>
/// <param name="Progress">What each member showed, for example <c>m1: leader 36d0c7f3acdc6f84; m2: connection refused</c>.</param>
public sealed record WaitCheck(bool IsReady, string Progress);
