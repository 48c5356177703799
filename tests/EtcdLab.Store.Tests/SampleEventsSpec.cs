using EtcdLab.Core.Events;

namespace EtcdLab.Store.Tests;

/// <summary>Keeps the round-trip test honest when core gains an event type.</summary>
public sealed class SampleEventsSpec
{
    [Fact]
    public void OneOfEach_should_cover_every_RunEvent_subtype()
    {
        var all = typeof(RunEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(RunEvent)) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal);

        Assert.Equal(all, SampleEvents.OneOfEach().Select(e => e.GetType().Name).Order(StringComparer.Ordinal));
    }
}
