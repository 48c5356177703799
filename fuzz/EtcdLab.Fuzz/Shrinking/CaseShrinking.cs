using System.Collections.Concurrent;
using System.Diagnostics;
using EtcdLab.Core.Exceptions;
using EtcdLab.Fuzz.Generation;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace EtcdLab.Fuzz.Shrinking;

/// <summary>
/// Shrinks a failing case with FsCheck: the case is the one value of a property whose arbitrary
/// shrinks with <see cref="ScheduleShrinker"/>, and FsCheck's own loop keeps the first smaller case
/// that still fails until none does. The same property drives <c>EtcdLab.Testing</c>.
/// </summary>
public static class CaseShrinking
{
    /// <summary>Shrinks <paramref name="failing"/>; <paramref name="fails"/> runs a case and says whether it
    /// still fails (it is called once per distinct case); <paramref name="onShrink"/> sees each smaller failing case.</summary>
    public static ShrinkResult Shrink(FuzzCase failing, ScheduleShrinker shrinker, Func<FuzzCase, bool> fails, Action<FuzzCase, int>? onShrink = null)
    {
        var wall = Stopwatch.StartNew();
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        EtcdLabException? inputError = null;
        bool Fails(FuzzCase c) => seen.GetOrAdd(c.Key, _ =>
        {
            try
            {
                return fails(c);
            }
            catch (EtcdLabException e) when (e.IsInputError)
            {
                inputError ??= e;
                return false;
            }
        });

        var arbitrary = Arb.From(Gen.Constant(failing), shrinker.Shrink);
        var runner = new ShrinkRunner(onShrink);
        var property = Prop.ForAll(arbitrary, (FuzzCase c) => !Fails(c));
        Check.One(Config.Quick.WithMaxTest(1).WithQuietOnSuccess(true).WithRunner(runner), property);
        if (inputError is not null) throw inputError;
        wall.Stop();
        return runner.Result is TestResult.Failed failed
            ? new ShrinkResult((FuzzCase)failed.Item3.Head, failed.Item1.NumberOfShrinks, seen.Count, wall.Elapsed, true)
            : new ShrinkResult(failing, 0, seen.Count, wall.Elapsed, false);
    }

    /// <summary>Keeps FsCheck's result and reports each shrink; prints nothing.</summary>
    private sealed class ShrinkRunner(Action<FuzzCase, int>? onShrink) : IRunner
    {
        private int _shrinks;

        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
            if (args.Head is FuzzCase c) onShrink?.Invoke(c, ++_shrinks);
        }

        public void OnFinished(string name, TestResult testResult) => Result = testResult;
    }
}
