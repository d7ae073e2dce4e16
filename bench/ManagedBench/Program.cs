// The managed API's side of bench/Invoke-Bench.ps1, doing what bench/msgbench.c and
// bench/peeloff.c do, in a process of its own (as a C# program using SctpPS would).
//   ManagedBench serve                  one command per line of standard input, one answer line
//                                       each: the message patterns of msgbench.c (see Messages.cs)
//   ManagedBench peeloff N PORT         -> "<n> <milliseconds>"
using ManagedBench;

switch (args.ElementAtOrDefault(0))
{
    case "serve" when args.Length == 1:
        return Messages.Serve(Console.In, Console.Out);
    case "peeloff" when args.Length == 3:
        return PeelOff.Run(int.Parse(args[1]), int.Parse(args[2]));
    default:
        Console.Error.WriteLine("usage: ManagedBench serve | peeloff N PORT");
        return 2;
}
