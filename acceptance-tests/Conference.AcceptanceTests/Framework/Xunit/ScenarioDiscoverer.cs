using Xunit.Abstractions;
using Xunit.Sdk;

namespace Conference.AcceptanceTests.Framework.Xunit;

/// <summary>Enumerates feature files at discovery, so that every scenario is its own test in any runner.</summary>
public sealed class ScenarioDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var parameters = testMethod.Method.GetParameters().ToList();
        if (parameters.Count != 2 || parameters.Any(p => p.ParameterType.Name != typeof(string).FullName))
        {
            return [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                $"[Scenarios] needs a method taking (string feature, string scenario); {testMethod.Method.Name} does not.")];
        }

        var folder = factAttribute.GetConstructorArguments().FirstOrDefault() as string ?? "Features";
        // Runners may report the assembly by bare file name; the base directory is then where it is.
        var baseDirectory = Path.GetDirectoryName(testMethod.TestClass.TestCollection.TestAssembly.Assembly.AssemblyPath);
        if (string.IsNullOrEmpty(baseDirectory))
        {
            baseDirectory = AppContext.BaseDirectory;
        }

        var cases = new List<IXunitTestCase>();
        foreach (var (fullPath, relativePath) in FeatureFolder.Enumerate(baseDirectory, folder))
        {
            try
            {
                var feature = FeatureFile.Load(fullPath, relativePath);
                cases.AddRange(feature.Scenarios.Select(s => new ScenarioTestCase(
                    diagnosticMessageSink, display, displayOptions, testMethod, s, [relativePath, s.Key])));
            }
            catch (FeatureFileException e)
            {
                // A broken feature file shows up as a failing test rather than silently vanishing.
                cases.Add(new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, e.Message));
            }
        }

        return cases;
    }
}

/// <summary>Where the .feature files of a test assembly are, and their paths as messages show them.</summary>
public static class FeatureFolder
{
    public static IEnumerable<(string FullPath, string RelativePath)> Enumerate(string baseDirectory, string folder)
    {
        var root = Path.Combine(baseDirectory, folder);
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Path.GetRelativePath(baseDirectory, f).Replace('\\', '/')));
    }

    /// <summary>Loads a case found at discovery (the test method's two arguments).</summary>
    public static ScenarioCase Find(string baseDirectory, string feature, string scenario) =>
        FeatureFile.Load(Path.Combine(baseDirectory, feature), feature).Find(scenario);
}
