using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>main.bicep compiled to ARM JSON once, with the few look-ups the specifications need.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public JsonObject Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (exitCode, output, error) = await Repository.RunAsync(Repository.Bicep, ["build", Path.Combine(Repository.Deploy, "main.bicep"), "--stdout"]);
        Assert.True(exitCode == 0, $"bicep build main.bicep failed:\n{error}");
        Template = JsonNode.Parse(output)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The module deployment named <paramref name="name"/> of main.bicep.</summary>
    public JsonObject Module(string name) =>
        Template["resources"]!.AsArray().Select(r => r!.AsObject())
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name);

    /// <summary>The value main.bicep passes to <paramref name="parameter"/> of module <paramref name="module"/>, a variable followed to its value.</summary>
    public JsonNode Argument(string module, string parameter) => Resolve(Module(module)["properties"]!["parameters"]![parameter]!["value"]!);

    /// <summary>A main.bicep variable, followed through the variables it is (loadJsonContent gives "$fxv#N").</summary>
    public JsonNode Variable(string name) => Resolve(Template["variables"]![name]!);

    /// <summary>Every resource of the template and of the modules' inline templates.</summary>
    public IEnumerable<JsonObject> AllResources() => Resources(Template);

    /// <summary>Every string anywhere in the template.</summary>
    public IEnumerable<string> AllStrings() => Strings(Template);

    private JsonNode Resolve(JsonNode node)
    {
        while (node is JsonValue value && value.TryGetValue<string>(out var text)
            && text.StartsWith("[variables('", StringComparison.Ordinal) && text.EndsWith("')]", StringComparison.Ordinal))
        {
            node = Template["variables"]![text["[variables('".Length..^"')]".Length]]!;
        }

        return node;
    }

    private static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        foreach (var resource in template["resources"]!.AsArray().Select(r => r!.AsObject()))
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
