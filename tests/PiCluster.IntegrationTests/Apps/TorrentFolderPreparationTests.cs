using PiCluster.Cluster;
using PiCluster.Render.Components;

namespace PiCluster.IntegrationTests.Apps;

/// <summary>
/// Issue 11 item 10: the torrent pod's root init step run for real with sh on a scratch folder standing in for the
/// export (as root, like on a no_root_squash export; the test needs root like CI): folders created and owned by the pod's uid, the stale lock gone,
/// downloads' contents untouched (no recursive chown), a second run harmless.
/// </summary>
public class TorrentFolderPreparationTests
{
    [Fact]
    public void Folders_get_the_pods_owner_and_the_stale_lock_goes()
    {
        // chown to another uid needs root, as on the Pi; CI runs as root.
        using var temp = new TempDir();
        var torrent = HomeCluster.Definition.Services.Torrent;
        var script = TorrentComponent.PrepareFoldersScript(torrent).Replace(TorrentComponent.ExportPath, temp.Path, StringComparison.Ordinal);
        var session = Directory.CreateDirectory(Path.Combine(temp.Path, "rtorrent", "rtorrent", ".session")).FullName;
        File.WriteAllText(Path.Combine(session, "rtorrent.lock"), "rtorrent:+42");
        var finished = Directory.CreateDirectory(Path.Combine(temp.Path, "downloads", "complete", "some-torrent")).FullName;

        for (var run = 0; run < 2; run++)
        {
            var (code, output) = Shell.Run("sh", ["-c", script]);
            Assert.True(code == 0, output);
        }

        foreach (var folder in new[] { "flood", "downloads", "downloads/complete", "downloads/temp", "rtorrent", "rtorrent/rtorrent/.session" })
        {
            var (_, owner) = Shell.Run("stat", ["-c", "%u:%g", Path.Combine(temp.Path, folder)]);
            Assert.Equal($"{torrent.Uid}:{torrent.Uid}", owner.Trim());
        }
        Assert.False(File.Exists(Path.Combine(session, "rtorrent.lock")));
        Assert.Equal("0:0", Shell.Run("stat", ["-c", "%u:%g", finished]).Output.Trim());
    }
}
