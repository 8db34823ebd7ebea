using PiCluster.Cluster.Model;

namespace PiCluster.Render;

/// <summary>
/// A checkout of the repository as the tools use it: its root (the folder holding PiCluster.sln) and the rendered tree at
/// the model's <see cref="GitSource.Path"/>. The one place that decides where the tree lives: render writes there,
/// validate, diff and bootstrap read there. Program finds it from the working directory; tests make their own.
/// </summary>
public sealed record Checkout(string Root, GitSource Git)
{
    /// <summary>The rendered tree, e.g. &lt;root&gt;/rendered.</summary>
    public string Tree => RenderedLayout.TreeIn(Root, Git);

    /// <summary>The tree as the operator names it in messages and commits, e.g. "rendered/".</summary>
    public string TreeName => Git.Path.Trim('/') + "/";

    /// <summary>A rendered file (one of <see cref="RenderedLayout"/>'s paths) in the tree.</summary>
    public string FileInTree(string renderedPath) => RenderedLayout.FileIn(Root, Git, renderedPath);

    /// <summary>The checkout holding <paramref name="start"/>, or null when no PiCluster.sln lies at or above it.</summary>
    public static Checkout? Find(string start, GitSource git) =>
        RepositoryRoot.FindFrom(start) is { } root ? new Checkout(root, git) : null;
}
