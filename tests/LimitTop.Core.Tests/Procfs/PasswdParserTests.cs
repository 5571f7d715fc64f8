using System.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Procfs;

public sealed class PasswdParserTests
{
    [Fact]
    public void Names_by_uid_first_entry_wins_and_junk_is_skipped()
    {
        var map = PasswdParser.Parse("root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\nbob2:x:1000:1000::/:/bin/false\n# comment\n:x:5:5::/:\nnouid:x:abc:1::/:\n+@netgroup\n\n");
        Assert.Equal(new Dictionary<int, string> { [0] = "root", [1000] = "bob" }, map);
    }

    [Fact]
    public void Hostile_names_are_escaped()
        => Assert.Equal("mal\\e[2Jory", PasswdParser.Parse("mal\u001b[2Jory:x:1002:1002::/:/bin/false\n")[1002]);
}
