namespace EtcdLab.Core.Incidents.Import;

/// <summary>A raw file's name as the draft shows it (<c>raw/etcd-pod.log</c>) and its text.</summary>
/// <param name="Name">The name comments and warnings use.</param>
/// <param name="Text">The file's whole text.</param>
public sealed record RawInput(string Name, string Text);
