"""TEST DOUBLE for S3 (no cloud here): moto's server on 127.0.0.1 at a free port, for the journal
uploads (`state: { s3: … }`) and `bosun show` reading them back, with the real `aws` CLI pointed
at it (AWS_ENDPOINT_URL and dummy credentials).

Prints {"port": N, "url": ...} on one line; exits when standard input closes.
"""
import standin


def main():
    standin.serve_moto()


if __name__ == "__main__":
    main()
