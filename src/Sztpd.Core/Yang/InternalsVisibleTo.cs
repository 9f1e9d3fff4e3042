using System.Runtime.CompilerServices;

// The tokenizer and parser tests (tests/Sztpd.Core.Tests/Yang) exercise internal types directly.
[assembly: InternalsVisibleTo("Sztpd.Core.Tests")]
