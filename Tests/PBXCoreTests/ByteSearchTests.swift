import PBXCore
import Testing

@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("a..b", true), ("..", true), ("a.b.c", false), ("", false), ("ab.", false), (".", false),
        ("x.\u{301}.y", false), ("a..\u{301}b", true), ("é..", true), ("日本..語", true), ("日本.語", false),
    ])
    func findsADoubleDot(text: String, expected: Bool) {
        #expect(text.containsASCII("..") == expected)
        #expect(Substring(text).containsASCII("..") == expected)
    }

    @Test func singleBytesAndTheEmptyNeedle() {
        #expect("a/b".containsASCII("/"))
        #expect(!"ab".containsASCII("/"))
        #expect("a\\b".containsASCII("\\"))
        #expect("anything".containsASCII(""))
        #expect("abcabd".containsASCII("abd"))
        #expect(!"abcab".containsASCII("abd"))
    }
}
