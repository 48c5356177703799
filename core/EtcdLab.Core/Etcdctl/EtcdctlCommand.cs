namespace EtcdLab.Core.Etcdctl;

/// <summary>The etcdctl (v3 API) commands EtcdLab runs, as runbooks use them.</summary>
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
}
