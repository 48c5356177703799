namespace EtcdLab.Store.Tests;

/// <summary>Runs <see cref="QuietSpec"/> alone: it swaps the process's console to see whether anything
/// writes to it, which another test's output would spoil.</summary>
[CollectionDefinition(nameof(QuietSpec), DisableParallelization = true)]
public sealed class QuietSpecCollection;
