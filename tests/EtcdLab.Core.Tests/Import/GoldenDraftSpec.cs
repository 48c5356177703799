using EtcdLab.Core.Incidents.Import;

namespace EtcdLab.Core.Tests.Import;

/// <summary>The importer's output for one corpus incident, checked in as incidents/&lt;name&gt;/import-draft.yaml:
/// importing its raw/ again must give exactly that file. After an intended change to the importer, regenerate it
/// with <c>etcdlab replay import incidents/single-member-snapshot-restore-live --out .../import-draft.yaml --force</c>
/// and review the diff.</summary>
public class GoldenDraftSpec
{
    [Fact]
    public void Importing_single_member_snapshot_restore_live_should_give_its_checked_in_draft()
    {
        const string incident = "single-member-snapshot-restore-live";
        var expected = File.ReadAllText(Path.Combine(Corpus.Incident(incident), "import-draft.yaml"));
        Assert.Equal(expected, Corpus.Draft(incident).ToYaml());
    }
}
