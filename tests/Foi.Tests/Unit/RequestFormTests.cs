using Foi.Common.Site;
using Foi.Modules.Requests.FileRequest;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class RequestFormTests
{
    [TestCase("FOI request")]
    [TestCase("Freedom of Information")]
    [TestCase("  freedom of information REQUEST!  ")]
    [TestCase("Request for information.")]
    public void Generic_titles_are_refused(string title) => FileRequestValidator.IsGeneric(title).ShouldBeTrue();

    [TestCase("FOI request about bin collections")]
    [TestCase("Number of potholes repaired in 2026")]
    public void Specific_titles_are_accepted(string title) => FileRequestValidator.IsGeneric(title).ShouldBeFalse();

    [Test]
    public void The_untouched_template_has_no_words_of_its_own()
    {
        LetterTemplate.HasOwnWords(LetterTemplate.For("Ministry of Silly Walks", "Jo Bloggs")).ShouldBeFalse();
        LetterTemplate.HasOwnWords(LetterTemplate.For("Ministry of Silly Walks", null)).ShouldBeFalse();
        LetterTemplate.HasOwnWords("").ShouldBeFalse();
    }

    [Test]
    public void A_letter_with_a_question_has_words_of_its_own()
    {
        LetterTemplate.HasOwnWords("Dear Ministry,\n\nHow many walks were approved in 2025?\n\nYours faithfully,\n\nJo").ShouldBeTrue();
        LetterTemplate.HasOwnWords("Please send the minutes of the last meeting.").ShouldBeTrue();
    }

    [Test]
    public void A_draft_written_before_signing_in_is_signed_afterwards()
    {
        LetterTemplate.SignedBy("Dear x,\n\nPlease.\n\nYours faithfully,\n\n", "Jo Bloggs").ShouldEndWith("Yours faithfully,\n\nJo Bloggs");
        LetterTemplate.SignedBy("Dear x,\n\nPlease.\n\nYours faithfully,\n\nSam", "Jo Bloggs").ShouldEndWith("Sam");
    }

    [TestCase("Ministry of Silly Walks", "ministry-of-silly-walks")]
    [TestCase("  Café & Crème: “Budget” 2026!  ", "cafe-creme-budget-2026")]
    [TestCase("Children's Services", "childrens-services")]
    [TestCase("!!!", "item")]
    public void Slugs_are_lowercase_ascii_words(string text, string slug) => Slug.From(text).ShouldBe(slug);
}
