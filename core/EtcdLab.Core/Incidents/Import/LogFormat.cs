namespace EtcdLab.Core.Incidents.Import;

/// <summary>Which logger wrote a <see cref="LogLine"/>.</summary>
public enum LogFormat
{
    /// <summary>etcd 3.0-3.4 default: <c>2019-11-21 10:13:52.675047 E | etcdserver: text</c>.</summary>
    Capnslog,

    /// <summary>etcd 3.4 raft's own logger under capnslog: <c>raft2020/02/11 08:57:36 INFO: raft.node: text</c>.</summary>
    RaftLogger,

    /// <summary>zap JSON (3.4 <c>--logger=zap</c>, 3.5, the 3.4 client library).</summary>
    Zap,

    /// <summary>logrus text of k3s or RKE (<c>time="..." level=... msg="..."</c>): not etcd's own line.</summary>
    Logrus,

    /// <summary>An etcd message without its logger's prefix, as journald stores etcd 3.3's lines or as a
    /// reporter quoted it (<c>rafthttp: request cluster ID mismatch ...</c>).</summary>
    Bare,
}
