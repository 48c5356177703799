using EtcdLab.Core.Exceptions;

namespace EtcdLab.Core.Etcdctl;

/// <summary>An etcdctl command line EtcdLab cannot run (unknown command or flag); the scenario loader reports it with its position.</summary>
public sealed class EtcdctlSyntaxException(string message) : EtcdLabException(message);
