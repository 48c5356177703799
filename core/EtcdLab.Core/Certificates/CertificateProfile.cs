namespace EtcdLab.Core.Certificates;

/// <summary>What a certificate is for, as the runbooks' openssl extensions say it: the extended key
/// usages a member checks (etcd's peer listener wants serverAuth and, as a client of the other
/// members, clientAuth; a server certificate serverAuth; an etcdctl or API-server certificate
/// clientAuth).</summary>
public enum CertificateProfile
{
    /// <summary>A member's peer certificate (<c>--peer-cert-file</c>): serverAuth and clientAuth, as
    /// OpenShift's <c>etcd_v3_ca_peer</c> extension makes it.</summary>
    Peer,

    /// <summary>A member's client-facing certificate (<c>--cert-file</c>): serverAuth, as
    /// <c>etcd_v3_ca_server</c> makes it.</summary>
    Server,

    /// <summary>A client's certificate (etcdctl's <c>--cert</c>, an API server's): clientAuth.</summary>
    Client,
}
