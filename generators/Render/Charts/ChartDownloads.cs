using System.Net;

namespace PiCluster.Render.Charts;

/// <summary>A chart repository could not be read: unreachable, an HTTP error, a timeout. The message names the URL.</summary>
public sealed class ChartDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The network edge of charts pull: plain HTTP(S) GETs of index.yaml and chart archives.</summary>
public sealed class ChartDownloads(HttpClient http) : IDisposable
{
    /// <summary>An HttpClient with the timeout a chart download deserves (indexes of large repositories run to tens of MB).</summary>
    public static ChartDownloads Create() => new(new HttpClient { Timeout = TimeSpan.FromMinutes(2) });

    /// <exception cref="ChartDownloadException">Anything but a 2xx answer with a body.</exception>
    public async Task<byte[]> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? " (the repository wants credentials: fill the cache by hand with helm pull, see README)"
                    : "";
                throw new ChartDownloadException($"GET {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}");
            }
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ChartDownloadException($"GET {url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChartDownloadException($"GET {url}: no answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    public void Dispose() => http.Dispose();
}
