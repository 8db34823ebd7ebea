using System.Diagnostics;

namespace PiCluster.Render.Benchmarks;

/// <summary>
/// cdk8s's synth on the reference set (Cdk8s/reference.js: N services of 7 objects), for the side-by-side table. Needs
/// node and a folder whose node_modules holds cdk8s and constructs; <see cref="Install"/> makes one with npm.
/// </summary>
public static class Cdk8sReference
{
    public const string Script = "reference.js";

    /// <summary>The folder ready to run the reference app (the script written next to node_modules), or null with the reason.</summary>
    public static string? Prepare(string? folder, bool install, string tempRoot, out string reason)
    {
        folder ??= Path.Combine(tempRoot, "picluster-cdk8s");
        reason = "";
        if (!OnPath("node"))
        {
            reason = "node is not installed";
            return null;
        }
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "cdk8s")))
        {
            if (!install)
            {
                reason = $"cdk8s is not installed in {folder} (pass --install-cdk8s to install it there with npm, or --cdk8s DIR)";
                return null;
            }
            if (!Install(folder, out reason)) return null;
        }
        using var script = typeof(Cdk8sReference).Assembly.GetManifestResourceStream("PiCluster.Render.Benchmarks.Cdk8s.reference.js")
            ?? throw new InvalidOperationException("the reference app is not embedded");
        using var file = File.Create(Path.Combine(folder, Script));
        script.CopyTo(file);
        return folder;
    }

    /// <summary>npm install of cdk8s 2 and constructs 10 into <paramref name="folder"/> (the registry npm is set up for).</summary>
    public static bool Install(string folder, out string reason)
    {
        reason = "";
        if (!OnPath("npm"))
        {
            reason = "npm is not installed";
            return false;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "package.json"), "{ \"name\": \"picluster-cdk8s-reference\", \"private\": true }\n");
        Console.WriteLine($"Installing cdk8s into {folder} with npm ...");
        var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "cdk8s@2", "constructs@10" }) start.ArgumentList.Add(argument);
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        npm.WaitForExit();
        if (npm.ExitCode == 0) return true;
        reason = $"npm install failed ({npm.ExitCode}): {output.Result}{errors.Result}";
        return false;
    }

    public static TimedCommand Synth(string folder, int services, string outDir) =>
        new($"cdk8s synth, {services} services", "node", [Script, services.ToString(System.Globalization.CultureInfo.InvariantCulture), outDir], folder);

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, command)));
}
