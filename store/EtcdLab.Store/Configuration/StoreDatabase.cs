using System.Data.Common;

namespace EtcdLab.Store.Configuration;

/// <summary>
/// One database the store can live in: its connection string, how to say which one it is in a
/// message (without secrets), and a check, made when the store opens, that it can be used.
/// </summary>
internal abstract class StoreDatabase
{
    /// <summary>The ADO.NET connection string.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Names the database for an operator, without passwords.</summary>
    public abstract string Description { get; }

    /// <summary>What the operator can do when the database cannot be used.</summary>
    public abstract string Remedy { get; }

    /// <summary>A new, closed connection to the database.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Opens a connection and proves the database answers (and, where that can fail, that it
    /// takes writes); throws the provider's exception when it does not.</summary>
    public virtual void Probe()
    {
        using var connection = CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ProbeSql;
        command.ExecuteNonQuery();
    }

    /// <summary>The statement <see cref="Probe"/> runs.</summary>
    protected virtual string ProbeSql => "SELECT 1";

    /// <summary>Closes the pooled connections to this database once the store is disposed.</summary>
    public abstract void ReleaseConnections();
}
