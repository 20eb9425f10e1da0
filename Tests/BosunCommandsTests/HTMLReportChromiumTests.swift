import Foundation
import Testing

/// `bosun show RUN --format html` of a real failed run, opened in a real headless Chromium
/// (Debian's `chromium`, which `make deps` installs): the page runs its script without an error,
/// shows every step with its state, and draws something.
@Suite("the HTML run report renders in headless Chromium", .enabled(if: HeadlessChromium.path != nil,
       "Debian's chromium is not on PATH: `make deps` installs it (apt-get install chromium)"))
struct HTMLReportChromiumTests {
    static let token = "s3cr3t-token-4711"

    /// Two phases of parallel steps; `upload` fails, so `notify` (running) is cancelled and
    /// `verify` (after it) skipped. Logs with colours, markup and a secret.
    static let plan = """
        plan: demo
        vars:
          greeting: hello
          token: { value: "\(token)", secret: true }
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: build
            parallel: true
            steps:
              - { id: compile, run: [sh, -c, "printf '\\\\033[32mcompiled\\\\033[0m <b>bold</b>\\\\n'; sleep 0.2"] }
              - { id: lint, run: [sh, -c, "echo token=${token} ${greeting}; sleep 0.1"] }
              - { id: package, needs: [compile], run: [sh, -c, "echo packaged"] }
          - name: ship
            parallel: true
            steps:
              - { id: upload, run: [sh, -c, "sleep 0.3; echo '</details><script>alert(1)</script>' >&2; exit 3"] }
              - { id: notify, run: [sleep, "30"] }
              - { id: verify, needs: [upload], run: ["true"] }

        """

    static let states = ["compile": "succeeded", "lint": "succeeded", "package": "succeeded",
                         "upload": "failed", "notify": "cancelled", "verify": "skipped"]

    @Test("a failed run's report loads without script errors, shows every step with its state, and its screenshot is not blank")
    func failedRunInChromium() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let state = project.path("state")
        let apply = try await project.run(["apply", "plan.yaml", "--env", "local", "--state-dir", state])
        #expect(apply.status == 1, "\(apply.stdout)\n\(apply.stderr)")
        let show = try await project.run(["show", "last", "--format", "html", "--state-dir", state])
        try #require(show.status == 0, "\(show.stderr)")
        let page = project.path("run.html")
        try show.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        #expect(!show.stdout.contains(Self.token), "the secret is masked in the report")
        #expect(show.stdout.contains("token=*** hello"))

        let chromium = try HeadlessChromium()
        defer { chromium.remove() }
        let started = Date()
        let dump = try await chromium.run(["--dump-dom", URL(fileURLWithPath: page).absoluteString])
        #expect(dump.status == 0, "\(dump.stderr)")
        let dom = dump.stdout
        #expect(dom.contains("data-rendered=\"true\""), "the page's script ran to its end")
        let lastError = dom.firstMatch(of: #/data-last-error="[^"]*"/#).map { String($0.output) } ?? ""
        #expect(dom.contains("data-errors=\"0\""), "and raised no error: \(lastError)")
        #expect(dom.contains("data-outcome=\"failed\""))
        for (step, stepState) in Self.states {
            let elements = dom.matches(of: try Regex("data-step=\"\(step)\" data-state=\"\(stepState)\"")).count
            #expect(elements == 3, "\(step) is \(stepState) in the graph, the timeline and its section (\(elements) found)")
        }
        #expect(dom.components(separatedBy: "<script>").count - 1 == 2, "the log's markup stayed text")
        #expect(dom.contains("&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!dump.stderr.contains("Uncaught"), "no console error: \(dump.stderr)")
        #expect(!dump.stderr.contains(":CONSOLE("), "nothing on the console at all: \(dump.stderr)")

        let shot = chromium.folder + "/shot.png"
        let screenshot = try await chromium.run(["--screenshot=\(shot)", "--window-size=1280,2000", URL(fileURLWithPath: page).absoluteString])
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let png = try await PNGContents.measure(shot)
        #expect(png.width == 1280 && png.height == 2000)
        #expect(png.colours > 100, "a page of text and coloured boxes, not a blank one: \(png)")
        #expect(png.notBackground > 0.02, "\(png)")
        if let keep = ProcessInfo.processInfo.environment["BOSUN_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: shot, toPath: keep)
        }
        print("chromium: dump and screenshot took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

/// Debian's `chromium` run headless with a fresh profile, as a container allows it (no sandbox,
/// no /dev/shm), killed with every helper process it started after at most `timeout`.
struct HeadlessChromium {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    let folder: String
    /// Chromium took 55 s for one page on the 2-core CI machine while the rest of the suite ran.
    var timeout: Duration = .seconds(240)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-chromium-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/profile", withIntermediateDirectories: true)
    }

    func run(_ arguments: [String]) async throws -> BosunProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.path))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder)/profile", "--enable-logging=stderr", "--v=0",
        ] + arguments
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder
        process.environment = environment
        let running = BosunProcess.Running(process: process)
        try process.run()
        running.drain()
        // Foundation starts it in a process group of its own: its renderer and helpers are in it.
        let group = process.processIdentifier
        let limit = timeout
        let watchdog = Task {
            try await Task.sleep(for: limit)
            kill(-group, SIGKILL)
        }
        let result = await running.finish()
        watchdog.cancel()
        kill(-group, SIGKILL)
        return result
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// What a PNG shows, roughly: its size, how many colours (every pixel decoded, by python3's zlib),
/// and the share of pixels that differ from the most common one.
struct PNGContents: CustomStringConvertible {
    var width: Int
    var height: Int
    var colours: Int
    var notBackground: Double

    var description: String { "\(width)x\(height), \(colours) colours, \(notBackground) not background" }

    static func measure(_ path: String) async throws -> PNGContents {
        let result = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, path])
        try #require(result.status == 0, "\(result)")
        let values = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return PNGContents(width: values["width"] as? Int ?? 0, height: values["height"] as? Int ?? 0,
                           colours: values["colours"] as? Int ?? 0, notBackground: values["notBackground"] as? Double ?? 0)
    }

    /// Reads the chunks, inflates IDAT, undoes each row's filter (8-bit RGB or RGBA, not interlaced).
    static let script = """
        import sys, zlib, struct, json
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        pos, idat = 8, []
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            pos += 12 + length
            if kind == b'IHDR':
                width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT':
                idat.append(body)
            elif kind == b'IEND':
                break
        assert depth == 8 and interlace == 0 and colour in (2, 6), 'not 8-bit RGB(A)'
        bpp = 3 if colour == 2 else 4
        raw = zlib.decompress(b''.join(idat))
        stride = width * bpp
        prev = bytearray(stride)
        counts = {}
        for y in range(height):
            start = y * (stride + 1)
            kind = raw[start]
            cur = bytearray(raw[start + 1:start + 1 + stride])
            if kind == 1:
                for i in range(bpp, stride):
                    cur[i] = (cur[i] + cur[i - bpp]) & 255
            elif kind == 2:
                cur = bytearray((a + b) & 255 for a, b in zip(cur, prev))
            elif kind == 3:
                for i in range(stride):
                    cur[i] = (cur[i] + ((cur[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
            elif kind == 4:
                for i in range(stride):
                    a = cur[i - bpp] if i >= bpp else 0
                    b = prev[i]
                    c = prev[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                pixel = bytes(cur[x:x + 3])
                counts[pixel] = counts.get(pixel, 0) + 1
            prev = cur
        total = sum(counts.values())
        print(json.dumps({"width": width, "height": height, "colours": len(counts),
                          "notBackground": 1 - max(counts.values()) / total}))
        """
}
