from hooklint.cli import run

run()
