#!/usr/bin/env python3
"""Writes profiles.jsonl: the labelled test set of the spam scorer (spam: true/false), made from the patterns FOI sites
see. Deterministic (seeded). Genuine profiles include the hard cases: lower-case names, one-word names, names in many
scripts, people linking their own blog, journalists with a company in their name."""
import json, random
from datetime import datetime, timedelta, timezone

rng = random.Random(2026)
base = datetime(2026, 10, 1, tzinfo=timezone.utc)
browsers = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
]
scripts = ["python-requests/2.31.0", "curl/8.4.0", "Go-http-client/1.1", "Mozilla/5.0 HeadlessChrome/120.0", ""]
first = ["Alice", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hamza", "Isla", "James", "Katie", "Liam", "Maya", "Noah",
         "Olivia", "Priya", "Rhys", "Sophie", "Tomasz", "Usha", "Victor", "Wen", "Yusuf", "Zara", "Siobhán", "Łukasz", "Zoë",
         "José", "Aoife", "Dafydd", "Björn", "Ngozi", "Kwame", "Hiroshi", "Anaïs", "Mehmet", "Olga", "Rajesh", "Fatima", "Eilidh"]
last = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Khan", "Patel",
        "Ó Briain", "Wróblewski", "Müller", "García", "Nguyen", "Okafor", "Mensah", "Tanaka", "Lefèvre", "Yılmaz", "Ivanova",
        "Sharma", "Hussain", "MacLeod", "ap Gruffydd", "Lindqvist", "O'Neill", "Fitzgerald"]
scripts_names = ["李伟", "王芳", "Σοφία Παπαδοπούλου", "Иван Петров", "محمد علي", "Nguyễn Văn An", "김민준", "Ólafur Ragnarsson", "Jürgen Groß"]
genuine_domains = ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com", "protonmail.com", "hotmail.co.uk", "sky.com", "posteo.de", "gmx.de"]
about_genuine = [
    None, None, None, "",
    "Local resident interested in how the council spends money on roads.",
    "Retired teacher. I ask about school funding and transport.",
    "Campaigner for better cycling infrastructure in Leeds.",
    "PhD student researching housing policy.",
    "Parent governor. Interested in education data.",
    "I volunteer with a food bank and ask about local services.",
    "Member of the residents' association for the Old Town.",
]
blog_about = [
    "I write about local transport at https://busnotes.example/blog",
    "Housing researcher. Notes and data: https://www.housingdata.example",
    "Blog on planning decisions: planningwatch.example",
    "Freelance data journalist, portfolio at https://janedata.example",
]
journalists = ["Tom Reed, Herald Media Ltd", "Sara Lind, Northern Post Ltd", "Ravi Mehta, Data Desk Services", "Claire Dunn (Investigations Ltd)",
               "Paul Grant, Grant Research Ltd", "Aisling Byrne, Byrne Media Ltd", "Owen Price, Valley News Company", "Nadia Karim, Open Data Solutions"]

spam_names = ["Buy Cheap Viagra Online", "Customer Service Number", "Bitcoin Recovery Expert", "Best Web Design Agency", "seo services london",
              "Cheap Essay Writing", "Payday Loans UK", "Casino Bonus 2026", "Packers and Movers Delhi", "Keto Diet Pills",
              "Crypto Trading Signals", "Locksmith Near Me", "Digital Marketing Company", "Instagram Followers Buy", "Escort Service",
              "Replica Watches Shop", "Assignment Help Online", "Forex Investment Pro", "Plumber Near Me 24/7", "Online Pharmacy Store"]
garbled = ["xkqwrtzp", "bvcxzlkjh", "qwrtplmnb", "zxcvbnmkl", "hjkltrwqz", "Mxyzptlk Qwrst", "dfghjklzx", "trwqpsdfg"]
spam_domains = ["seo-boost.example", "cheapmeds.example", "linkfarm.example", "casino-win.example", "spam.example"]
disposable = ["mailinator.com", "guerrillamail.com", "yopmail.com", "10minutemail.com", "sharklasers.com", "trashmail.com"]
spam_tld_domains = ["bestdeals.xyz", "promo.top", "offers.click", "quickcash.loan", "getrich.icu"]
suspicious = ["mail.ru", "yandex.com", "163.com", "qq.com"]
spam_about = [
    '<a href="https://cheap-pills.example">Buy cheap pills</a> best price guaranteed',
    "https://seo-boost.example",
    "Call now for the best customer service: +1 800 555 0199. Visit our website https://helpline.example",
    "We offer web design and SEO services from $99. https://webdesign-pros.example",
    "Earn money from home! Bitcoin investment opportunity, 300% returns https://crypto-pro.example",
    "Best casino bonus 2026, click here www.casino-win.example",
    "Packers and movers in Delhi, best price, call 24/7 https://movers.example",
    "Cheap essay writing and assignment help £5 per page https://essays.example",
    "<a href=\"https://replica.example\">replica watches</a> <a href=\"https://replica.example/rolex\">rolex</a>",
    "Buy Instagram followers cheap https://followers.example",
]

def iso(t): return t.isoformat()

profiles = []
# Genuine
for i in range(170):
    kind = rng.random()
    created = base + timedelta(days=rng.randint(0, 50), minutes=rng.randint(0, 1440))
    f, l = rng.choice(first), rng.choice(last)
    name = f"{f} {l}"
    email = f"{f.lower()}.{l.lower().replace(' ', '').replace(chr(39), '')}{rng.randint(1, 99)}@{rng.choice(genuine_domains)}"
    about = rng.choice(about_genuine)
    updated = None
    requests = rng.choice([0, 1, 1, 2, 3, 5, 12])
    annotations = rng.choice([0, 0, 0, 1, 2])
    if kind < 0.12:
        name = name.lower()                      # hard case: lower-case name
    elif kind < 0.22:
        name = rng.choice(["Ahmad", "Madonna", "Cher", "Sunita", "Teodora", "Bjarki", "Nomvula"])  # one-word name
    elif kind < 0.34:
        name = rng.choice(scripts_names)         # names in other scripts
        email = f"user{rng.randint(100, 9999)}@{rng.choice(genuine_domains)}"
    elif kind < 0.48:
        about = f"{rng.choice(blog_about)} ({f})"  # own blog, in their own words
        updated = created + timedelta(days=rng.randint(1, 60))
        requests = max(1, requests)
    elif kind < 0.58:
        name = rng.choice(journalists)           # company suffix
        email = f"{f.lower()}@{rng.choice(['heraldmedia.example', 'northernpost.example', 'datadesk.example', 'gmail.com'])}"
        requests = max(2, requests)
    if about and updated is None and rng.random() < 0.5:
        updated = created + timedelta(days=rng.randint(1, 30))
    profiles.append({
        "name": name, "email": email, "about_me": about,
        "signup_ip": f"{rng.randint(2, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "user_agent": rng.choice(browsers), "created_at": iso(created),
        "profile_updated_at": iso(updated) if updated else None,
        "requests": requests, "annotations": annotations, "spam": False,
    })

# Spam
burst_ip = "185.220.101.33"
burst_start = base + timedelta(days=20, hours=3)
for i in range(150):
    created = base + timedelta(days=rng.randint(0, 50), minutes=rng.randint(0, 1440))
    style = i % 6
    name = rng.choice(spam_names)
    email = f"{name.lower().replace(' ', '')[:12]}{rng.randint(1, 999)}@{rng.choice(genuine_domains)}"
    about = rng.choice(spam_about)
    ip = f"{rng.randint(2, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    ua = rng.choice(browsers)
    updated = created + timedelta(minutes=rng.randint(1, 12))
    if style == 1:
        name = rng.choice(garbled)
        email = f"{name.replace(' ', '')}@{rng.choice(disposable)}"
    elif style == 2:
        email = f"promo{rng.randint(1, 999)}@{rng.choice(spam_domains)}"
        name = f"{rng.choice(first)} {rng.choice(last)}"   # a plausible name, but everything else gives it away
    elif style == 3:
        ip = burst_ip
        created = burst_start + timedelta(minutes=rng.randint(0, 50))
        updated = created + timedelta(minutes=3)
        ua = rng.choice(scripts)
    elif style == 4:
        email = f"deal{rng.randint(1, 999)}@{rng.choice(spam_tld_domains)}"
        name = name.lower()
    elif style == 5:
        email = f"{rng.choice(['info', 'sales', 'support'])}{rng.randint(1, 99)}@{rng.choice(suspicious)}"
        about = spam_about[i % 3]                   # pasted text shared with other accounts
    profiles.append({
        "name": name, "email": email, "about_me": about, "signup_ip": ip, "user_agent": ua,
        "created_at": iso(created), "profile_updated_at": iso(updated),
        "requests": 0, "annotations": 0, "spam": True,
    })

rng.shuffle(profiles)
with open("profiles.jsonl", "w", encoding="utf-8") as out:
    for p in profiles:
        out.write(json.dumps(p, ensure_ascii=False) + "\n")
print(len(profiles), "profiles,", sum(p["spam"] for p in profiles), "spam")
