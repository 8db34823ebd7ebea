using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Flux;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Flux;

public class FluxRepositoryTests
{
    [Fact]
    public void The_models_url_and_branch_win_and_name_the_deploy_key_page()
    {
        using var temp = new TempDir();
        var repository = FluxRepository.Resolve(new GitSource("ssh://git@github.com/home-lab/picluster.git", "main"), temp.Path);
        Assert.Equal(("ssh://git@github.com/home-lab/picluster.git", "main", "github.com", 22), (repository.Url, repository.Branch, repository.Host, repository.Port));
        Assert.Empty(repository.Notes);
        Assert.StartsWith("https://github.com/home-lab/picluster/settings/keys", repository.DeployKeyPage());
    }

    [Fact]
    public void Empty_url_and_branch_come_from_the_checkouts_origin_and_branch_and_say_so()
    {
        using var temp = new TempDir();
        var checkout = GitCheckout.Create(temp);
        var repository = FluxRepository.Resolve(new GitSource("", ""), checkout);
        Assert.Equal("ssh://git@git.example.invalid/home/picluster.git", repository.Url);
        using (var repo = new LibGit2Sharp.Repository(checkout)) Assert.Equal(repo.Head.FriendlyName, repository.Branch);
        Assert.Equal(2, repository.Notes.Count);
        Assert.Contains("origin remote", repository.Notes[0]);
        Assert.Contains("checked-out branch", repository.Notes[1]);
    }

    [Fact]
    public void Scp_like_urls_become_ssh_urls_and_https_is_refused()
    {
        using var temp = new TempDir();
        var scp = FluxRepository.Resolve(new GitSource("git@github.com:home-lab/picluster.git", "main"), temp.Path);
        Assert.Equal("ssh://git@github.com/home-lab/picluster.git", scp.Url);
        Assert.Contains("scp-like", Assert.Single(scp.Notes));
        var port = FluxRepository.Resolve(new GitSource("ssh://git@git.lan:2222/picluster.git", "main"), temp.Path);
        Assert.Equal(("git.lan", 2222), (port.Host, port.Port));
        var error = Assert.Throws<BootstrapException>(() => FluxRepository.Resolve(new GitSource("https://github.com/home-lab/picluster.git", "main"), temp.Path));
        Assert.Contains("ssh://", error.Message);
    }
}
