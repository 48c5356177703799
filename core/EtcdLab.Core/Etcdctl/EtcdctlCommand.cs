namespace EtcdLab.Core.Etcdctl;

/// <summary>The etcdctl commands EtcdLab runs, as runbooks use them: v3 API commands, and the v2 ones
/// (<c>ETCDCTL_API=2</c>) that older runbooks use; <see cref="EtcdctlInvocation.Api"/> says which API the
/// <c>member</c> commands go to.</summary>
public enum EtcdctlCommand
{
    /// <summary><c>member list</c></summary>
    MemberList,
    /// <summary><c>member add &lt;name&gt; --peer-urls=&lt;urls&gt; [--learner]</c></summary>
    MemberAdd,
    /// <summary><c>member remove &lt;id&gt;</c></summary>
    MemberRemove,
    /// <summary><c>member update &lt;id&gt; --peer-urls=&lt;urls&gt;</c></summary>
    MemberUpdate,
    /// <summary><c>member promote &lt;id&gt;</c></summary>
    MemberPromote,
    /// <summary><c>endpoint health [--cluster]</c></summary>
    EndpointHealth,
    /// <summary><c>endpoint status [--cluster]</c></summary>
    EndpointStatus,
    /// <summary><c>snapshot save &lt;file&gt;</c></summary>
    SnapshotSave,
    /// <summary><c>snapshot restore &lt;file&gt; --data-dir=... [--name ...]</c></summary>
    SnapshotRestore,
    /// <summary><c>put &lt;key&gt; &lt;value&gt;</c></summary>
    Put,
    /// <summary><c>get &lt;key&gt; [--prefix] [--keys-only]</c></summary>
    Get,
    /// <summary>v2: <c>cluster-health</c> (GET /v2/members, then each member's /health)</summary>
    ClusterHealth,
    /// <summary>v2: <c>backup --data-dir &lt;dir&gt; --backup-dir &lt;dir&gt; [--with-v3]</c> (a file operation on the host)</summary>
    Backup,
}
