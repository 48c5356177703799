namespace EtcdLab.Core.Incidents.Import;

/// <summary>How a <see cref="ShellCommand"/> was written down.</summary>
public enum HistoryStyle
{
    /// <summary>bash <c>history</c> with <c>HISTTIMEFORMAT</c>: <c>  123  2021-10-29 08:00:00 cmd</c>.</summary>
    BashTimestamped,

    /// <summary>zsh extended history: <c>: 1635494400:0;cmd</c>.</summary>
    ZshExtended,

    /// <summary>After a prompt (<c>$ cmd</c>, <c>root@host:/# cmd</c>), as pasted into a chat or an issue.</summary>
    Prompt,

    /// <summary>A command line on its own, as a reporter listed the steps.</summary>
    Bare,
}
