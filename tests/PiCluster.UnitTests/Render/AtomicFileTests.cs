using PiCluster.Render;

namespace PiCluster.UnitTests.Render;

/// <summary>The one atomic write: a private file is private from its first byte, and a failed write leaves the old file.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void A_private_file_replaces_the_old_one_whole_and_is_never_readable_by_others()
    {
        using var temp = new TempDir();
        var path = temp.Sub("state/secrets.yaml");
        // A leftover of an interrupted run, readable by everyone: its mode must not carry over.
        Directory.CreateDirectory(temp.Sub("state"));
        File.WriteAllText(path + ".partial", "half");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path + ".partial", (UnixFileMode)0b110_100_100);

        AtomicFile.Write(path, "first: 1\n", AtomicFile.Private);
        AtomicFile.Write(path, "second: 2\n", AtomicFile.Private);

        Assert.Equal("second: 2\n", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(AtomicFile.Private, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.EnumerateFiles(temp.Sub("state")));
    }

    [Fact]
    public async Task A_replacement_that_fails_its_check_leaves_the_old_file()
    {
        using var temp = new TempDir();
        var path = temp.Sub("tarball");
        File.WriteAllText(path, "old");

        await Assert.ThrowsAsync<InvalidDataException>(() => AtomicFile.ReplaceAsync(path, async partial =>
        {
            await File.WriteAllTextAsync(partial, "new but wrong");
            throw new InvalidDataException("checksum mismatch");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.EnumerateFiles(temp.Path));
        await AtomicFile.ReplaceAsync(path, partial => File.WriteAllTextAsync(partial, "new"));
        Assert.Equal("new", File.ReadAllText(path));
    }
}
