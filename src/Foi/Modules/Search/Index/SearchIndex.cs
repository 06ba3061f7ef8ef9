using System.Globalization;
using Foi.Common.Site;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Foi.Modules.Search.Index;

/// <summary>
/// The site's Lucene index on disk. Several index directories may sit under <c>search/</c>; the file <c>CURRENT</c>
/// names the one in use, so a rebuild writes a new directory beside it and swaps by rewriting that one small file.
/// Searches already running keep the old reader until they finish.
/// </summary>
internal sealed class SearchIndex : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string ChangesThroughKey = "changes_through";
    private const string LanguageKey = "language";
    private const string LayoutKey = "layout";

    /// <summary>
    /// The version of the documents' fields: raised when <see cref="SearchDocuments"/> changes what it writes, so an
    /// index written by an older version is rebuilt at start instead of answering without the new fields.
    /// </summary>
    private const string Layout = "3";

    /// <summary>The languages whose stemming and stop words the index can use (Search:Language), by ISO 639-1 code.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Analyzer>> Languages = new Dictionary<string, Func<Analyzer>>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = () => new EnglishAnalyzer(Version),
        ["de"] = () => new Lucene.Net.Analysis.De.GermanAnalyzer(Version),
        ["fr"] = () => new Lucene.Net.Analysis.Fr.FrenchAnalyzer(Version),
        ["es"] = () => new Lucene.Net.Analysis.Es.SpanishAnalyzer(Version),
        ["it"] = () => new Lucene.Net.Analysis.It.ItalianAnalyzer(Version),
        ["nl"] = () => new Lucene.Net.Analysis.Nl.DutchAnalyzer(Version),
        ["pt"] = () => new Lucene.Net.Analysis.Pt.PortugueseAnalyzer(Version),
        ["ca"] = () => new Lucene.Net.Analysis.Ca.CatalanAnalyzer(Version),
        ["ga"] = () => new Lucene.Net.Analysis.Ga.IrishAnalyzer(Version),
        ["sv"] = () => new Lucene.Net.Analysis.Sv.SwedishAnalyzer(Version),
        ["da"] = () => new Lucene.Net.Analysis.Da.DanishAnalyzer(Version),
        ["nb"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["fi"] = () => new Lucene.Net.Analysis.Fi.FinnishAnalyzer(Version),
        ["cs"] = () => new Lucene.Net.Analysis.Cz.CzechAnalyzer(Version),
        ["hu"] = () => new Lucene.Net.Analysis.Hu.HungarianAnalyzer(Version),
        ["ro"] = () => new Lucene.Net.Analysis.Ro.RomanianAnalyzer(Version),
    };

    private readonly string language;

    private readonly string root;
    private readonly ILogger<SearchIndex> logger;
    private readonly System.Threading.Lock swapLock = new();
    private readonly SemaphoreSlim rebuildLock = new(1, 1);
    private SearcherManager? searchers;

    /// <summary>Raised after searches start reading a changed index: what they find may differ from before.</summary>
    public event Action? Refreshed;
    private FSDirectory? directory;
    private string? currentName;

    /// <param name="data">Where the site keeps its files.</param>
    /// <param name="logger">Log.</param>
    /// <param name="language">The site's language (a key of <see cref="Languages"/>): how words are stemmed and which are stop words.</param>
    public SearchIndex(DataDirectory data, ILogger<SearchIndex> logger, string language = "en")
    {
        if (!Languages.TryGetValue(language, out var textAnalyzer))
        {
            throw new InvalidOperationException($"Search:Language '{language}' is not one the index knows; use one of {string.Join(", ", Languages.Keys)}.");
        }
        root = Path.Combine(data.Path, "search");
        this.logger = logger;
        this.language = language.ToLowerInvariant();
        Analyzer = CreateAnalyzer(textAnalyzer());
    }

    /// <summary>The language's stemming and stop words for text; whole lower-cased keywords for the filter fields.</summary>
    public Analyzer Analyzer { get; }

    private string CurrentFile => Path.Combine(root, "CURRENT");

    /// <summary>True when a complete, readable index in the site's language and the current layout is in place.</summary>
    public bool IsReady => CommitData() is { } data
        && (data.TryGetValue(LanguageKey, out var builtIn) ? builtIn : "en") == language
        && data.TryGetValue(LayoutKey, out var layout) && layout == Layout;

    /// <summary>Runs a search on the current index; null when there is no usable index yet.</summary>
    public T? Read<T>(Func<IndexSearcher, T> search)
        where T : class
    {
        if (Acquire() is not { } searcher)
        {
            return null;
        }
        try
        {
            return search(searcher);
        }
        finally
        {
            searcher.IndexReader.DecRef();
        }
    }

    /// <summary>Writes a complete new index with <paramref name="fill"/>, then makes it the current one.</summary>
    /// <param name="fill">Adds every document.</param>
    /// <param name="changesThrough">The position in the request change feed that the filled documents already include.</param>
    /// <param name="cancellationToken">Stops the rebuild; the current index stays in use.</param>
    public async Task RebuildAsync(Func<IndexWriter, Task> fill, long changesThrough, CancellationToken cancellationToken)
    {
        await rebuildLock.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(root);
            var name = "index-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            var path = Path.Combine(root, name);
            using (var target = FSDirectory.Open(path))
            using (var writer = new IndexWriter(target, new IndexWriterConfig(Version, Analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 }))
            {
                await fill(writer);
                writer.SetCommitData(CommitData(changesThrough));
                writer.Commit();
            }
            var temporary = CurrentFile + ".tmp";
            await File.WriteAllTextAsync(temporary, name, cancellationToken);
            File.Move(temporary, CurrentFile, overwrite: true);
            SwapTo(name);
            DeleteOldIndexes(name);
        }
        finally
        {
            rebuildLock.Release();
        }
    }

    /// <summary>The position in the change feed that the current index includes; null without an index.</summary>
    public long? ChangesThrough() =>
        CommitData() is { } data ? (data.TryGetValue(ChangesThroughKey, out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : 0) : null;

    private IDictionary<string, string>? CommitData()
    {
        if (Acquire() is not { } searcher)
        {
            return null;
        }
        try
        {
            return ((DirectoryReader)searcher.IndexReader).IndexCommit.UserData;
        }
        finally
        {
            searcher.IndexReader.DecRef();
        }
    }

    private Dictionary<string, string> CommitData(long changesThrough) => new()
    {
        [ChangesThroughKey] = changesThrough.ToString(CultureInfo.InvariantCulture),
        [LanguageKey] = language,
        [LayoutKey] = Layout,
    };

    /// <summary>A searcher on the current index, which the caller releases with <c>IndexReader.DecRef()</c>; null without an index.</summary>
    private IndexSearcher? Acquire()
    {
        if (Searchers() is null)
        {
            return null;
        }
        lock (swapLock)
        {
            // Acquired under the lock, so a swap cannot close this manager between finding and acquiring it;
            // the acquired reader stays open after a swap until the caller lets it go.
            return searchers!.Acquire();
        }
    }

    /// <summary>What this node's catch-up applied past a gap in the feed, while the index's position waits before it.</summary>
    public Foi.Common.Data.ChangesAppliedPastGap AppliedPastGap { get; } = new();

    /// <summary>Applies changes to the current index and records the feed position they bring it to.</summary>
    public async Task<bool> UpdateAsync(Action<IndexWriter> apply, long changesThrough, CancellationToken cancellationToken)
    {
        await rebuildLock.WaitAsync(cancellationToken);
        try
        {
            if (Searchers() is null)
            {
                return false;
            }
            FSDirectory target;
            SearcherManager manager;
            lock (swapLock)
            {
                (target, manager) = (directory!, searchers!);
            }
            using (var writer = new IndexWriter(target, new IndexWriterConfig(Version, Analyzer) { OpenMode = OpenMode.APPEND }))
            {
                apply(writer);
                writer.SetCommitData(CommitData(changesThrough));
                writer.Commit();
            }
            manager.MaybeRefreshBlocking();
            Refreshed?.Invoke();
            return true;
        }
        finally
        {
            rebuildLock.Release();
        }
    }

    /// <summary>The current searchers, reopened when another process (<c>foi search reindex</c>) swapped the index.</summary>
    private SearcherManager? Searchers()
    {
        var name = File.Exists(CurrentFile) ? File.ReadAllText(CurrentFile).Trim() : null;
        lock (swapLock)
        {
            if (searchers is not null && name == currentName)
            {
                return searchers;
            }
        }
        if (name is null)
        {
            return null;
        }
        SwapTo(name);
        lock (swapLock)
        {
            return searchers;
        }
    }

    private void SwapTo(string name)
    {
        FSDirectory? opened = null;
        SearcherManager? manager = null;
        try
        {
            opened = FSDirectory.Open(Path.Combine(root, name));
            manager = new SearcherManager(opened, new LoadingColumnsSearcherFactory());
        }
        catch (Exception exception) when (exception is IOException or IndexNotFoundException or CorruptIndexException)
        {
            // A missing or damaged index is treated as absent, so the start-up check rebuilds it.
            logger.LogWarning(exception, "Search index {Name} cannot be opened", name);
            manager?.Dispose();
            opened?.Dispose();
            return;
        }
        SearcherManager? oldSearchers;
        FSDirectory? oldDirectory;
        lock (swapLock)
        {
            (oldSearchers, searchers) = (searchers, manager);
            (oldDirectory, directory) = (directory, opened);
            currentName = name;
        }
        Refreshed?.Invoke();
        // Searchers already handed out hold their own reference and stay valid until released.
        oldSearchers?.Dispose();
        oldDirectory?.Dispose();
    }

    private void DeleteOldIndexes(string keep)
    {
        foreach (var old in System.IO.Directory.EnumerateDirectories(root, "index-*").Where(d => Path.GetFileName(d) != keep))
        {
            try
            {
                System.IO.Directory.Delete(old, recursive: true);
            }
            catch (IOException exception)
            {
                logger.LogWarning(exception, "Old search index {Path} not deleted; it is removed after the next rebuild", old);
            }
        }
    }

    private static PerFieldAnalyzerWrapper CreateAnalyzer(Analyzer text)
    {
        var keyword = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new KeywordTokenizer(reader);
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(Version, tokenizer));
        });
        return new PerFieldAnalyzerWrapper(text, SearchFields.Keywords.ToDictionary(field => field, _ => keyword));
    }

    public void Dispose()
    {
        searchers?.Dispose();
        directory?.Dispose();
        rebuildLock.Dispose();
    }
}
