namespace EtcdLab.Store.Writing;

/// <summary>A <see cref="BatchWriter"/> tells itself this at start; Akka keeps it stashed until the
/// writer has learnt the stream's highest sequence number, so the batch goes after what is stored.</summary>
internal sealed record WriteBatch
{
    /// <summary>The only instance.</summary>
    public static WriteBatch Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(WriteBatch);
}
