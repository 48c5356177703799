namespace EtcdLab.Sim.Clients;

/// <summary>One client RPC in flight: completes with the member's answer or, at its deadline, with DeadlineExceeded.</summary>
internal sealed class ClientCall(long id, string host, long startMicros, long deadlineMicros, Action<ClientCall>? onComplete)
{
    public long Id { get; } = id;
    public string Host { get; } = host;
    public long StartMicros { get; } = startMicros;
    public long DeadlineMicros { get; } = deadlineMicros;
    public object? Result { get; private set; }
    public bool Completed { get; private set; }
    public long CompletedMicros { get; private set; }

    public void Complete(object? result, long nowMicros)
    {
        if (Completed) return;
        Completed = true;
        Result = result;
        CompletedMicros = nowMicros;
        onComplete?.Invoke(this);
    }
}
