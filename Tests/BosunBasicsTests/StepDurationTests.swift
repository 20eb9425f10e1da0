import BosunBasics
import Testing

@Suite("one way to print how long something took")
struct StepDurationTests {
    @Test("milliseconds under a second, tenths under a minute, then minutes and seconds")
    func text() {
        #expect(StepDuration.text(0.4204) == "420ms")
        #expect(StepDuration.text(3.44) == "3.4s")
        #expect(StepDuration.text(12.0) == "12.0s")
        #expect(StepDuration.text(125) == "2m5s")
        #expect(StepDuration.text(5400) == "1h30m")
        #expect(StepDuration.text(nil as Double?) == "-")
    }
}
