import BosunBasics
import Testing

@Suite("Redactor: what counts as a secret in a text")
struct RedactorTests {
    @Test("each line of a multi-line secret is masked on its own, whitespace around it ignored; lines too short to mask are not")
    func multiLineSecret() {
        let key = "-----BEGIN KEY-----\n  Mx4qWn7rTb2vLk9s\r\nabc\n}\n"
        let redactor = Redactor(secrets: [key])
        #expect(redactor.redact("    Mx4qWn7rTb2vLk9s") == "    ***")
        #expect(redactor.redact("-----BEGIN KEY-----") == "***")
        #expect(redactor.redact("abc } are left alone") == "abc } are left alone")
        #expect(redactor.redact("key=\(key)") == "key=***", "the whole secret first, not line by line")
    }

    @Test("a secret with a quote is masked in a shell-quoted command as well")
    func shellQuoted() {
        let secret = "pa'ss-w0rd"
        let shown = ShellQuoting.quote("--password=\(secret)")
        #expect(shown == "'--password=pa'\\''ss-w0rd'")
        #expect(Redactor(secrets: [secret]).redact(shown) == "'--password=***'")
    }

    @Test("a secret containing another is masked whole; text without one is returned as it is")
    func longestFirst() {
        let redactor = Redactor(secrets: ["token", "token-4711", "abc"])
        #expect(redactor.redact("a token-4711 and a token") == "a *** and a ***")
        #expect(redactor.redact("abc, no secret here: ünïcode") == "abc, no secret here: ünïcode")
        #expect(redactor.redact("ünï token ünï") == "ünï *** ünï")
    }

    @Test("the end of a text that may begin a secret still to come is found, and only that")
    func unfinishedSecret() {
        let redactor = Redactor(secrets: ["Qx7vKp2m", "Kp2mZZZZ"])
        func held(_ text: String) -> String { String(text[redactor.startOfUnfinishedSecret(in: text)...]) }
        #expect(held("xxxxQx7") == "Qx7")
        #expect(held("xxxxQx7vKp2") == "Qx7vKp2", "the longest start: the whole of it must wait")
        #expect(held("xxxxK") == "K")
        #expect(held("xxxx***") == "")
        #expect(held("xxxx") == "")
        #expect(held("ü") == "")
    }
}
