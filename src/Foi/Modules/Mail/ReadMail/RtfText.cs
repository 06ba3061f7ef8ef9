using System.Globalization;
using System.Text;

namespace Foi.Modules.Mail.ReadMail;

/// <summary>
/// Plain text from RTF: control words dropped, paragraphs kept, \'hh and \uN characters decoded, and the groups that
/// hold no document text (font and colour tables, pictures, hidden destinations) skipped. No maintained .NET RTF
/// reader is available from the registry here, and text is all search and reading need.
/// </summary>
internal static class RtfText
{
    private static readonly HashSet<string> SkippedDestinations = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "themedata", "colorschememapping",
        "datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr",
    };

    public static string ToText(string rtf)
    {
        var text = new StringBuilder();
        var skipDepth = new Stack<bool>();
        var skipping = false;
        var unicodeSkip = 0;
        for (var i = 0; i < rtf.Length; i++)
        {
            var c = rtf[i];
            switch (c)
            {
                case '{':
                    skipDepth.Push(skipping);
                    break;
                case '}':
                    skipping = skipDepth.Count > 0 && skipDepth.Pop();
                    break;
                case '\\':
                    i = ControlWord(rtf, i, text, ref skipping, ref unicodeSkip);
                    break;
                case '\r' or '\n':
                    break;
                default:
                    if (unicodeSkip > 0)
                    {
                        unicodeSkip--;
                    }
                    else if (!skipping)
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    private static int ControlWord(string rtf, int start, StringBuilder text, ref bool skipping, ref int unicodeSkip)
    {
        var i = start + 1;
        if (i >= rtf.Length)
        {
            return i;
        }
        var next = rtf[i];
        if (next is '\\' or '{' or '}')
        {
            if (!skipping)
            {
                text.Append(next);
            }
            return i;
        }
        if (next == '*')
        {
            skipping = true; // an ignorable destination
            return i;
        }
        if (next == '\'' && i + 2 < rtf.Length)
        {
            if (!skipping && int.TryParse(rtf.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                text.Append(Encoding.Latin1.GetString([(byte)code]));
            }
            return i + 2;
        }
        var wordStart = i;
        while (i < rtf.Length && char.IsAsciiLetter(rtf[i]))
        {
            i++;
        }
        var word = rtf[wordStart..i];
        var numberStart = i;
        if (i < rtf.Length && (rtf[i] == '-' || char.IsAsciiDigit(rtf[i])))
        {
            i++;
            while (i < rtf.Length && char.IsAsciiDigit(rtf[i]))
            {
                i++;
            }
        }
        int.TryParse(rtf.AsSpan(numberStart, i - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number);
        if (i < rtf.Length && rtf[i] == ' ')
        {
            i++; // the delimiter space belongs to the control word
        }
        if (SkippedDestinations.Contains(word))
        {
            skipping = true;
        }
        else if (!skipping)
        {
            switch (word)
            {
                case "par" or "line" or "sect" or "page":
                    text.Append('\n');
                    break;
                case "tab" or "cell":
                    text.Append('\t');
                    break;
                case "u":
                    text.Append((char)(number < 0 ? number + 65536 : number));
                    unicodeSkip = 1;
                    break;
            }
        }
        return i - 1;
    }
}
