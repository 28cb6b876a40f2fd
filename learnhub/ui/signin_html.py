"""The sign-in page, served by the sign-in route as plain HTML: it must work before any
Streamlit session exists, and the HttpOnly cookie can only be set by a real HTTP response."""

from __future__ import annotations

from html import escape

from learnhub.i18n import LANGUAGES, translate

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;background:#f6f6f4;
margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#222}
main{background:#fff;padding:2rem 2.2rem;border-radius:12px;box-shadow:0 2px 12px #0001;
width:min(22rem,90vw)}
h1{font-size:1.5rem;margin:0 0 .3rem}p.tag{color:#666;margin:0 0 1.4rem;font-size:.9rem}
label{display:block;font-size:.9rem;margin:.8rem 0 .3rem}
input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #bbb;
border-radius:8px}
button{margin-top:1.3rem;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;
background:#b22222;color:#fff;cursor:pointer}
.error{background:#fdecea;color:#8a1c1c;padding:.6rem .8rem;border-radius:8px;font-size:.9rem}
.notice{background:#eef6ee;color:#1c5c24;padding:.6rem .8rem;border-radius:8px;font-size:.9rem}
nav{margin-top:1.2rem;font-size:.85rem;text-align:center}nav a{color:#555;margin:0 .4rem}
"""


def signin_page(
    lang: str,
    *,
    next_path: str = "/",
    username: str = "",
    error: str | None = None,
    notice: str | None = None,
) -> str:
    def tr(key: str) -> str:
        return escape(translate(key, lang))

    message = ""
    if error:
        message = f'<p class="error" role="alert" data-testid="signin-error">{escape(error)}</p>'
    elif notice:
        message = f'<p class="notice" role="status">{escape(notice)}</p>'
    switches = " ".join(
        f'<a href="/signin?lang={code}&amp;next={escape(next_path)}" hreflang="{code}">'
        f"{escape(label)}</a>"
        for code, label in LANGUAGES.items()
        if code != lang
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{tr("signin.title")} · {tr("app.name")}</title><style>{_STYLE}</style></head>
<body><main>
<h1>{tr("app.name")}</h1><p class="tag">{tr("app.tagline")}</p>
{message}
<form method="post" action="/signin">
<input type="hidden" name="next" value="{escape(next_path)}">
<input type="hidden" name="lang" value="{escape(lang)}">
<label for="username">{tr("signin.username")}</label>
<input id="username" name="username" autocomplete="username" required autofocus
 value="{escape(username)}">
<label for="password">{tr("signin.password")}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{tr("signin.submit")}</button>
</form>
<nav>{switches}</nav>
</main></body></html>"""
