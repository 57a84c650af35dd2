from newsloom.cli import app

app(prog_name="newsloom")
