using Conference.Deploy.Topology;
using Infrastructure;

// Usage: Conference.Deploy.Topology <Settings.Template.xml> <topology.json>
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("Usage: Conference.Deploy.Topology <settings file> <output topology.json>");
    return 1;
}

try
{
    await File.WriteAllTextAsync(args[1], TopologyDocument.FromSettingsFile(args[0]));
    await Console.Out.WriteLineAsync($"Wrote {args[1]} from {args[0]}.");
    return 0;
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"{args[0]}: {ex.Message}");
    return 2;
}
