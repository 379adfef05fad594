"""The conversations in the demo communities, and the builder that writes them.

Everything here is fictional. The posts and comments are written by hand for
each community's purpose; who wrote each one is drawn from the community's
current members when the demo is built, so the text names people and places
through placeholders, filled in for whoever is chosen:

- {town}, {function}, {unit}: the writer's own site, function and unit;
- {author}: the first name of the post's author (in comments);
- {parent}: the first name of the comment being replied to (in replies);
- {convenor}, {convenor_at}: the convenor's first name, and their @handle;
- {member}, {member_at}: another member's first name, and their @handle.

A writer (`by`) is "" for any member, "author" for the post's author,
"convenor" for the community's convenor, or a persona's e-mail address.
"""

from __future__ import annotations

import datetime
import random
import re
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from convene.communities.models import Membership
from convene.demo import data
from convene.demo.builders import Demo, town_of, unit_of
from convene.discussions.models import Comment, Follow, Post, Reaction, Revision, Tag
from convene.lib.markdown import render_with_mentions
from convene.people.models import User

MEMBER = "member@northgate.example"

# How far back the conversations go, in days before data.ANCHOR_DATE.
OLDEST_POST = 118
NEWEST_POST = 6

REACTION_WEIGHTS = {
    Reaction.Kind.ENCOURAGE: 45,
    Reaction.Kind.INSIGHTFUL: 30,
    Reaction.Kind.THANK_YOU: 25,
}


def prose(text: str) -> str:
    """Return hand-wrapped Markdown with each paragraph and list item on one line."""
    blocks = []
    for block in textwrap.dedent(text).strip().split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            starts_item = re.match(r"(- |\* |\d+\. |> )", line.strip())
            if lines and not starts_item:
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.strip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class Remark(NamedTuple):
    """A comment on a post, with any replies to it (which have no replies of their own)."""

    body: str
    by: str = ""
    functions: tuple[str, ...] = ()
    replies: tuple[Remark, ...] = ()
    deleted: bool = False


class Topic(NamedTuple):
    """A post and its thread."""

    title: str
    body: str
    remarks: tuple[Remark, ...]
    tags: tuple[str, ...] = ()
    by: str = ""
    functions: tuple[str, ...] = ()
    pinned: bool = False
    locked: bool = False
    # The title and body before the author edited the post, and how many days later.
    first_draft: tuple[str, str] | None = None
    edited_after_days: int = 0


def say(
    body: str,
    *replies: Remark,
    by: str = "",
    functions: tuple[str, ...] = (),
    deleted: bool = False,
) -> Remark:
    """Return a remark with its prose unwrapped: a shorthand for the content below."""
    return Remark(prose(body), by, functions, replies, deleted)


TAGS: tuple[str, ...] = (
    "Change",
    "Customers",
    "Data",
    "Difficult conversations",
    "Experiments",
    "Feedback",
    "Gatherings",
    "New managers",
    "Peer consultation",
    "Safety",
    "Wellbeing",
)


# -- Content -----------------------------------------------------------------

LEADING_THROUGH_CHANGE: tuple[Topic, ...] = (
    Topic(
        "Start here: how we use this space between gatherings",
        prose("""
            Welcome, and thanks for joining. Our monthly gatherings are where most of the work
            happens, but a lot of good thinking gets lost between them. This space is for
            keeping it going.

            A few suggestions for how we use it:

            - **Bring real situations.** The messier the better. Change the details enough to
            protect the people involved.
            - **Ask before advising.** A good question often helps more than a quick answer.
            - **Report back.** If you tried something after a gathering, tell us how it went,
            especially if it didn't work.
            - **Say where you're from.** A view from another function or site is often the one
            that unlocks things.

            What's said about individuals stays here. If you're not sure whether something is
            appropriate to share, message me first. Gatherings alternate between sites and
            online; the dates are on the community page.
        """),
        (
            say("""
                Thanks, {convenor}. The 'ask before advising' point is a good one for me. My
                instinct in meetings is to jump to solutions, and I've noticed it tends to close
                a conversation down rather than open it up. I'll try to hold back here.
            """),
            say(
                """
                Could we also use this space to share things we've read or listened to about
                change? Or would you rather we kept it to live situations?
                """,
                say(
                    """
                    Both are welcome, but I'd ask that anything shared comes with a line on why
                    it mattered to you and what you did with it. Otherwise it turns into a
                    reading list that nobody reads.
                    """,
                    by="convenor",
                ),
            ),
            say("""
                Looking forward to hearing how others are handling the asset system changes.
                We're a few weeks from go-live in {town}, the questions from my team are getting
                sharper, and I'll bring some of them to the next gathering.
            """),
        ),
        tags=("Gatherings",),
        by="convenor",
        pinned=True,
    ),
    Topic(
        "The asset system go-live has moved again. How do I keep my team's trust?",
        prose("""
            Third slip in a year. Each time, I've stood in front of my team and explained the
            new date with as much confidence as I could manage, and each time it has moved.

            The problem isn't really the system. It's that my credibility is now tied to dates I
            don't control. At our last team meeting someone asked, half joking, whether they
            should "pencil it in or wait for the next version". Everyone laughed, including me,
            but it stung.

            I'm wondering whether to stop announcing dates at all and only talk about what we
            know for certain. But that feels like hiding, and the team need *some* way to plan
            their leave and training.

            Has anyone found a way to talk about uncertain timelines that doesn't cost you trust
            each time they change?
        """),
        (
            say(
                """
                I had the same with the fleet telematics rollout. What helped was saying out
                loud how confident I was: "this date is about 60 per cent firm, and here's what
                it depends on". The team were far more forgiving of a change when I'd been
                honest about the odds.
                """,
                say(
                    """
                    That's useful, {parent}. I think I've been presenting every date as if it
                    were certain, because I thought that was what leadership looked like.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                From the project side: we'd genuinely rather you asked us "what would have to
                go wrong for this date to move?" Most of us can answer that, and it gives you
                something real to pass on to your team.
                """,
                functions=("Strategy & Assets", "Digital & Data"),
            ),
            say("""
                I'd separate the things that depend on the date from the things that don't.
                Training on the new data standards can start now, whatever happens. Giving
                people something certain to do may take some of the sting out of the part that
                isn't.
            """),
            say(
                """
                One small thing: I'd let the joke stand. If people can laugh about it with you,
                trust is probably in better shape than you think. It's when they stop
                mentioning it that I'd start to worry.
                """,
                say(
                    """
                    Fair point, {parent}. I'd been treating the laughter as a verdict on me.
                    I'll take it as a sign they still want to talk about it, and keep the door
                    open.
                    """,
                    by="author",
                ),
            ),
        ),
        tags=("Change",),
        functions=("Strategy & Assets", "Operations"),
    ),
    Topic(
        "Two teams, one depot, two ways of doing everything",
        prose("""
            Since the field service reorganisation, I've been managing a team made from two
            former patches. On paper it's one team. In practice there are two ways of doing
            almost everything: how jobs are allocated, who takes the van home, even where
            people sit at the morning brief.

            Both groups think their way is the obvious one, and some of them are right. My
            instinct is to pick the best of each and standardise quickly so we can move on. But
            whatever I choose, half the team will hear "your way was wrong".

            I'd value thoughts on:

            1. Do I decide, or let the team decide?
            2. How quickly? Things are workable but scratchy.
            3. Has anyone used a trial period for competing approaches?
        """),
        (
            say("""
                I'd let the team decide the things that affect how they work day to day, and
                decide yourself the few that touch safety or customers. Be clear up front which
                is which, so nobody feels the consultation was for show.
            """),
            say(
                """
                We did a "swap month" in {town} when two teams merged: each group ran the
                other's process for a month, then we picked. It slowed us down, but it took the
                tribalism out of the decision because everyone had lived both.
                """,
                say(
                    """
                    A swap month is a brilliant idea. My lot would grumble but respect it. Did
                    you get people to write down what they noticed along the way?
                    """,
                    by="author",
                ),
                say(
                    """
                    We kept a shared sheet on the wall. Low tech, but people used it, and the
                    best observations came from the quietest people in the team.
                    """,
                    by="parent",
                ),
            ),
            say("""
                Worth remembering that the seating question is rarely about seating. It's
                usually about who belongs. I'd watch for the people who don't argue for either
                way; they may be the ones feeling most adrift.
            """),
            say("""
                As someone who went through the last reorganisation as a team member rather than
                a manager: what I wanted most was to be asked, even if the answer went the other
                way. Being told after the fact is what made me cynical.
            """),
        ),
        tags=("Change",),
        functions=("Operations",),
    ),
    Topic(
        "Reflection after last week's gathering: the change curve is not a timetable",
        prose("""
            A few thoughts after Thursday, while they're fresh.

            I came in fairly sceptical about the change curve. I've seen it used to tell people
            their objections are just a "stage" they'll grow out of. What shifted for me was
            {convenor_at}'s point that the curve describes what people go through, not how long
            it should take, and that managers are on it too.

            That landed. I've been impatient with two people in my team who are still angry
            about the new rota, and if I'm honest, it's partly because I haven't finished being
            angry about it myself.

            What I'm going to try before the next gathering:

            - Ask each of them what they think they've **lost**, rather than arguing about what
            they've gained.
            - Stop using the word "resistance" in my own notes.

            I'll report back.
        """),
        (
            say("""
                Dropping "resistance" from your notes is a smart move. Words shape what we see. I
                started writing "concerns" instead and found I was more curious about them, and
                more likely to ask what was behind them.
            """),
            say("""
                Thanks for writing this up. I missed Thursday, so it's really helpful. The point
                about managers being on the curve too is one I'll take into my next one-to-one
                with my own manager.
            """),
            say(
                """
                I'd be interested to hear how the "what have you lost" conversation goes. In my
                experience the answer is often something nobody would have guessed, like a
                particular colleague on the same shift, or the drive in.
                """,
                say(
                    """
                    Update: I've had one of the two conversations, and you were right. It's the
                    drive in. The new rota means she misses the school run twice a week. That's
                    something I can actually work with.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Glad it was useful. For what it's worth, noticing that your impatience is partly
                your own unfinished business is exactly the kind of honesty this community
                exists for. Thank you for sharing it.
                """,
                by="convenor",
            ),
        ),
        tags=("Gatherings", "Change"),
    ),
    Topic(
        "Change fatigue: what's one thing you've stopped doing?",
        prose("""
            My team have had a new system, a new structure and a new manager (me) in eighteen
            months. Nobody is refusing anything, but the energy has gone out of the room. Ideas
            have dried up and people do what's asked and no more.

            I've started to think the answer isn't another initiative to lift morale. It's
            taking something away.

            So a question for the group: **what's one thing you've stopped doing** to give your
            team some breathing space, and what happened? I'm particularly interested in things
            that felt risky to stop.

            For my part, I've cancelled our weekly "improvement ideas" session for a month. It
            was meant to be energising and had become another meeting to sit through.
        """),
        (
            say("""
                We stopped the monthly team newsletter. Four hours of someone's time every month
                and, when we finally asked, almost nobody read it. Nobody has noticed it's gone,
                which tells you everything.
            """),
            say(
                """
                I stopped copying the whole team into every update about the restructure. I now
                send a short weekly note with only what affects them and what **hasn't**
                changed. The "hasn't changed" list turned out to be the reassuring bit.
                """,
                say(
                    """
                    The "what hasn't changed" list is a lovely idea, {parent}. In the middle of
                    a lot of change it's easy to forget how much is staying put. I'm stealing
                    it for Monday's team brief.
                    """,
                    by="author",
                ),
                by=MEMBER,
            ),
            say(
                """
                A word of caution from the safety side: be careful what you stop. Toolbox talks
                and pre-start checks can feel like more of the same when people are tired, but
                they matter most exactly then. Shorten them rather than drop them?
                """,
                say(
                    """
                    Completely agree. Nothing safety-related is on my list. This is about the
                    optional extras that have built up around the edges over the years.
                    """,
                    by="author",
                ),
                functions=("Operations",),
            ),
            say("""
                I've found that simply saying "I know it's been a lot" in a team meeting did
                more than any initiative I've tried. People want to know you've noticed.
            """),
        ),
        tags=("Change", "Wellbeing"),
    ),
    Topic(
        "Explaining a decision I argued against",
        prose("""
            Our function has decided to move to a single shared inbox for all customer enquiries
            across sites. I argued against it in the management team, and lost. Now I have to
            introduce it to my team, who will not like it either.

            I'm not going to pretend I think it's a great idea. But I don't want to undermine
            it, and I do want it to work for customers.

            How have others handled being the messenger for a decision they didn't support?
            Where's the line between honesty and disloyalty?

            **Update, ten days on:** I told the team I'd had reservations, that they'd been
            heard, and that we were going to give it a fair go and keep a log of what went
            wrong. The log has been more useful than any argument I made in that meeting. Thank
            you all.
        """),
        (
            say("""
                I'd separate two things: whether you agree, and whether you'll make it work. You
                can be honest about the first and completely committed to the second. Teams
                usually respect that far more than fake enthusiasm.
            """),
            say(
                """
                One line I've used: "I raised concerns, they were heard, a decision has been
                made, and now my job is to make it work as well as it possibly can." It's
                honest without reopening the argument.
                """,
                say(
                    """
                    That's close to what I had in mind, {parent}. Thank you. I think I needed to
                    hear that I'm allowed to say I had concerns at all.
                    """,
                    by="author",
                ),
            ),
            say("""
                Is there a way to build your concerns into how you implement it? If you think
                it'll fail for a particular reason, measure that. Then you're not arguing any
                more, you're learning.
            """),
            say("""
                Speaking as someone who has made decisions like this one: I'd much rather a
                manager told their team they'd had reservations than pretended otherwise. People
                can tell. What damages trust is using it as an excuse when things go wrong.
            """),
        ),
        tags=("Change", "Difficult conversations"),
        functions=("Customer Services",),
        first_draft=(
            "Explaining a decision I argued against",
            prose("""
                Our function has decided to move to a single shared inbox for all customer
                enquiries across sites. I argued against it in the management team, and lost.
                Now I have to introduce it to my team, who will not like it either.

                I'm not going to pretend I think it's a great idea. But I don't want to
                undermine it, and I do want it to work for customers.

                How have others handled being the messenger for a decision they didn't
                support? Where's the line between honesty and disloyalty?
            """),
        ),
        edited_after_days=10,
    ),
    Topic(
        "Leading change I can't talk about yet",
        prose("""
            I've been told, in confidence, about changes to our unit that won't be announced for
            another few weeks. Some of my team will be affected. A couple of them have already
            picked up rumours and asked me directly whether anything is happening.

            I've said I can't comment on rumours, which is true but feels like a dodge, and I
            think they can see that.

            I won't break the confidence. But I'd like to get through the next few weeks without
            damaging relationships I've spent years building. What have others said in this
            position? And is there anything I can do *now* that will help when the news does
            come out?
        """),
        (
            say(
                """
                I've said: "There are conversations happening that I can't share yet. When I
                can, you'll hear it from me first, and face to face." People don't love it, but
                they respect it, provided you then keep the promise.
                """,
                say(
                    """
                    That's the promise I'd want to make. The face-to-face part matters here: the
                    last change was announced by email at four o'clock on a Friday.
                    """,
                    by="author",
                ),
            ),
            say("""
                Worth asking your HR business partner what support will be available on the
                day, so you're ready. You don't need to share names to ask, and it means the
                first conversation can include something practical rather than just news.
            """),
            say("""
                Don't underestimate how much your team can read from your behaviour. If you're
                suddenly avoiding the tea point, they'll notice. Keeping your normal routines is
                part of keeping the confidence.
            """),
            say("""
                Is there any chance of pushing for an earlier announcement? The rumours are doing
                the damage, and whoever holds the timetable may not realise that. It's a fair
                challenge to take upwards.
            """),
        ),
        tags=("Change", "Difficult conversations"),
    ),
)


DATA_INFORMED_LEADERSHIP: tuple[Topic, ...] = (
    Topic(
        "Dashboard fatigue: are we measuring what matters?",
        prose("""
            I counted last week: I have access to eleven dashboards. I look at two of them
            regularly, and I act on one.

            I don't think I'm unusual. Every new system seems to arrive with its own dashboard,
            and every dashboard has thirty measures on it, most of them green. Green everywhere
            tells me nothing about where to spend my attention on a Monday morning.

            I'd like to try an experiment with my own team: pick **three measures** that would
            genuinely change what we do if they moved, and ignore the rest for a quarter.

            Before I do, I'd love to hear:

            - Has anyone tried something like this?
            - How did you choose your measures?
            - Did anyone above you mind?
        """),
        (
            say(
                """
                We did this in {unit}. The test for each measure was: "if this went red
                tomorrow, who would do what differently?" If nobody could answer, it came off
                the list. We went from twenty-odd measures to four.
                """,
                say(
                    """
                    That test is brilliantly simple. Did the four stay stable, or did you find
                    yourselves quietly adding things back in?
                    """,
                    by="author",
                ),
                say(
                    """
                    Two stayed. We swapped one after a month when we realised it only ever moved
                    because of the weather. The fourth is still arguing for its place.
                    """,
                    by="parent",
                ),
            ),
            say(
                """
                Speaking as someone who builds these dashboards: please tell us! We often add
                measures because someone once asked for them, and nobody ever tells us they've
                stopped looking. Fewer, better measures would make our lives easier too.
                """,
                functions=("Digital & Data",),
            ),
            say("""
                One caution: keep an eye on at least one measure you *don't* control, like
                customer complaints, so that your three don't become a way of only seeing good
                news.
            """),
            say("""
                Nobody above me minded when I did something similar. They mostly wanted to know I
                was still watching the things that could hurt us. Framing it that way helped.
            """),
        ),
        tags=("Data",),
    ),
    Topic(
        "Our call times went up, and I think that's good news",
        prose("""
            Since we changed how advisers handle pothole and flooding calls, our average call
            time in the contact centre has gone up by nearly a minute. On the dashboard it's
            red, and I've already had two emails asking what's gone wrong.

            My view is that nothing has gone wrong. Advisers now take the time to log the exact
            location and tell the caller what will happen next. Repeat calls about the same
            problem have dropped, and so have complaints. Field teams say the job details are
            better too.

            But average handling time is the number everyone knows, and it has been a target for
            years.

            How do I make the case that a worse number is a better result, without sounding as
            though I'm making excuses? I'd particularly welcome a view from {member_at}, who I
            know has wrestled with something similar.
        """),
        (
            say("""
                Put the two numbers side by side: call time and repeat calls. On their own, each
                tells half a story. Together they show a trade you chose on purpose. If you can,
                put a cost on both, because a repeat call is never free.
            """),
            say(
                """
                This is a classic case of a measure that has become a target. I'd propose
                retiring handling time as a *target* while keeping it as something you watch.
                That's a much easier conversation than abolishing it.
                """,
                say(
                    """
                    That distinction is really helpful, {parent}. Watching it rather than
                    chasing it is a case I think I can make without anyone feeling their
                    favourite number has been taken away.
                    """,
                    by="author",
                ),
                functions=("Digital & Data",),
            ),
            say(
                """
                From the field side, I can confirm the job details are better. Crews used to
                ring the customer back to find the exact spot, and in {town} that has almost
                stopped. Happy to put that in writing if it helps.
                """,
                say(
                    """
                    Yes please, that would help enormously. A line from the people doing the
                    repairs will carry more weight than anything I can say about my own team.
                    """,
                    by="author",
                ),
                functions=("Operations",),
            ),
            say("""
                Be ready for the question "how do you know it's the longer calls that did it?"
                Was anything else changing at the same time? An honest answer to that will make
                your case much stronger.
            """),
        ),
        tags=("Data", "Customers"),
        by=MEMBER,
    ),
    Topic(
        "How do I ask an analyst a good question?",
        prose("""
            Confession: I've sent a few requests to the Data & Insight team that I now suspect
            were not very good. One was simply "can you look at sickness absence?" I got back a
            forty-page pack, which was thorough, and I didn't use it.

            I think the problem was mine. I didn't say what decision I was trying to make, or by
            when, or what I already believed.

            For those of you on either side of this: what makes a good question to bring to an
            analyst? Is there a template, or is it just a conversation?
        """),
        (
            say(
                """
                From the analyst side, the three things that help most: what decision you're
                making, what you'd do differently depending on the answer, and when you need it.
                If you tell us what you already suspect, we can test that rather than boil the
                ocean.
                """,
                say(
                    """
                    "What would you do differently depending on the answer" is the one I always
                    skip. I'm writing all three on a sticky note for my monitor.
                    """,
                    by="author",
                ),
                functions=("Digital & Data",),
            ),
            say("""
                A conversation beats a template every time. Fifteen minutes on a call before
                anyone opens a spreadsheet saves days. The analysts I work with have been very
                generous with that time when I've asked.
            """),
            say(
                """
                It's also fine to come back and say "this wasn't what I needed". I'd much rather
                hear that than find out six months later that the pack sat unread in someone's
                inbox. We can usually turn a second version round quickly.
                """,
                functions=("Digital & Data",),
            ),
        ),
        tags=("Data",),
        functions=("Operations", "Customer Services", "People & Culture"),
    ),
    Topic(
        "Potholes per ward: a lesson about denominators",
        prose("""
            A short worked example from our team, shared because I got it wrong first.

            We were asked which wards have the worst road condition. The obvious chart,
            reported potholes by ward, put two of our busiest inner-city wards at the top by a
            distance.

            Then someone asked: *per what?* Once we divided by length of road, the picture
            changed, and two rural wards with long roads and few residents rose up the list.
            Then we realised reports also depend on how many people live near a road to report
            it.

            What we ended up with:

            1. **Reports per kilometre** as the headline.
            2. **Inspection findings** alongside, because they don't depend on who phones in.
            3. A note on every chart saying what it can't tell you.

            The inner-city wards still need work. But we nearly sent crews to the wrong places
            for a whole season.
        """),
        (
            say(
                """
                This is such a good example. I'd like to borrow it for our next session, if you
                don't mind. "Per what?" should be printed at the top of every dashboard we own.
                """,
                say(
                    """
                    Of course, please use it. I'm happy to come along and walk through it,
                    including the first wrong chart, which is honestly the most useful part.
                    """,
                    by="author",
                ),
                by="convenor",
            ),
            say(
                """
                The point about who is around to report applies to complaints too. Areas with
                fewer complaints are not always happier. Sometimes they've just given up on us.
                """,
                functions=("Customer Services",),
            ),
            say(
                """
                Did you compare the inspection findings with the reports? I'd be curious whether
                the gap between the two is itself a useful measure of where we're not hearing
                from people.
                """,
                say(
                    """
                    We did, roughly. The biggest gaps were in two wards with a lot of older
                    residents. We've passed that on to the community engagement team to follow
                    up.
                    """,
                    by="author",
                ),
            ),
            say("""
                Adding a "what this chart can't tell you" note is a habit I'd love to see
                everywhere. It costs one sentence and saves a lot of bad decisions.
            """),
        ),
        tags=("Data", "Customers"),
        functions=("Strategy & Assets", "Operations"),
    ),
    Topic(
        "Pairing session write-up: front line meets Data & Insight",
        prose("""
            Thanks to everyone who came to Tuesday's pairing session. For those who couldn't
            make it, here's a short write-up.

            We paired six managers from front-line services with six analysts. Each pair spent
            forty minutes on one live question the manager brought. A few that stood out:

            - Why overtime at one depot is double the others. (Answer so far: it's mostly how
            it's recorded, not how much is worked.)
            - Whether the new complaint categories are being used consistently. (They are not.)
            - Which of our customer survey questions anyone acts on.

            What worked: real questions, and analysts seeing how the numbers are used. What
            didn't: forty minutes was too short, and a couple of pairs spent half of it finding
            the data.

            Next time we'll ask for the data to be pulled in advance. Would people come back for
            a second round?
        """),
        (
            say("""
                Yes, definitely. I came away with a better question than the one I brought,
                which I think was the point. Longer sessions would be welcome, even if that
                means fewer of them.
            """),
            say(
                """
                As one of the analysts: it was the most useful afternoon I've had in months.
                Seeing what people actually do with our reports was humbling, in a good way.
                """,
                functions=("Digital & Data",),
            ),
            say(
                """
                The overtime finding is a good reminder that a surprising number is often a
                recording problem first. I'd love to hear what you find in the end.
                """,
                say(
                    """
                    Early signs are that one depot records travel time as overtime and the
                    others don't. Nobody is doing anything wrong; the rule was just never
                    written down.
                    """,
                    by="author",
                ),
            ),
            say("""
                Could we run the next one online, or at least hybrid? Travelling across for an
                afternoon is hard to justify for some of us, and I suspect that kept away a few
                people who would have brought good questions.
            """),
        ),
        tags=("Gatherings", "Data"),
        functions=("Digital & Data",),
    ),
    Topic(
        "When the survey says one thing and the room says another",
        prose("""
            Our staff survey results for the team came back much better than I expected:
            engagement up, workload scores fine. Yet in the room, people are tired and a bit
            short with each other, and two have told me privately they're thinking of leaving.

            I trust what I'm seeing more than the survey. But I'm aware that's exactly what
            every manager says when the numbers are inconvenient, and I'd be the first to
            challenge someone else for it.

            How do you weigh a number against what you see and hear? When should the data win?
        """),
        (
            say(
                """
                I'd ask when the survey was taken. If it closed before whatever is wearing
                people down started, both things can be true. The data isn't wrong; it's just
                old.
                """,
                say(
                    """
                    That's it, I think. The survey closed in the spring, before the winter rota
                    planning started. I hadn't put those two things together at all.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Small teams are hard to survey well. A couple of very positive people can lift
                the average a long way. I'd treat the survey as one voice among several, not the
                final word.
                """,
                functions=("Digital & Data", "People & Culture"),
            ),
            say("""
                When the data and your eyes disagree, take it as a prompt for a conversation
                rather than a contest. You could even share the results with the team and ask
                them what they make of the gap.
            """),
            say("""
                The two people thinking of leaving matter more than any average. I'd act on that
                now, with each of them, and worry about the survey later.
            """),
        ),
        tags=("Data", "Wellbeing"),
    ),
)


CROSS_SITE_INNOVATORS: tuple[Topic, ...] = (
    Topic(
        "Our depot pilot of a 10-minute huddle: what we learnt",
        prose("""
            For six weeks we replaced our 30-minute Monday briefing at the {town} depot with a
            10-minute stand-up huddle every morning. Here's what we learnt.

            **What we did:** same time every day, standing by the board, three questions: what's
            the plan, what's in the way, and what's today's safety point?

            **What went well:**

            - Problems surfaced on the day rather than at the end of the week.
            - More people spoke. The quieter members of the team find ten minutes standing
            easier than half an hour round a table.
            - Near-miss reports went up, which we think is a good sign.

            **What didn't:**

            - Agency staff who start later missed it entirely.
            - On busy days it crept to twenty minutes.

            We're carrying on, with a timer and a catch-up for late starters. Is any other site
            willing to try it for a month?
        """),
        (
            say(
                """
                We'll try it in {town}. Our workshop runs two shifts, so we'd need a huddle at
                each handover. Would you share the board layout you used?
                """,
                say(
                    """
                    Happy to. It's nothing fancy: a whiteboard with three columns and a magnet
                    for each van. I'll bring a photo to the next session and we can talk about a
                    two-shift version.
                    """,
                    by="author",
                ),
                functions=("Operations",),
            ),
            say(
                """
                Reading the rise in near-miss reports as a good sign is exactly right. Too many
                people see that chart go up and panic. I'd love to quote this in our next safety
                bulletin, if that's all right with you.
                """,
                functions=("Operations",),
            ),
            say(
                """
                Not a depot, but we've been doing something similar before the phones open in
                the contact centre. The three questions translate well. The hard part for us
                was keeping it to ten minutes.
                """,
                functions=("Customer Services",),
            ),
            say(
                """
                This is just the kind of thing the community was set up for. {author}, would you
                be willing to log it in the experiments tracker so other sites can find it?
                """,
                say(
                    """
                    Done. I've also added the two problems we haven't solved yet, late starters
                    and creep, in case someone at another site has already cracked them.
                    """,
                    by="author",
                ),
                by="convenor",
            ),
        ),
        tags=("Experiments", "Safety"),
        functions=("Operations",),
    ),
    Topic(
        "Idea: swap a day with your opposite number at another site",
        prose("""
            An idea I'd like to test, and I'm looking for a partner.

            Each of our sites does the same jobs slightly differently, and most of us only find
            out by accident. What if managers in similar roles swapped for a day? Not a formal
            secondment, just a day working alongside your opposite number at another site, and
            then they come to you.

            I work in {unit}, based in {town}. I'd like to find someone doing similar work
            elsewhere and try it before the end of the quarter.

            Questions I haven't answered yet:

            - How do we stop it becoming a day out?
            - What would we each write down afterwards?

            If it works, I'd propose a light-touch scheme to our sponsor.
        """),
        (
            say(
                """
                I'd be up for this, or something like it. On stopping it becoming a day out:
                agree beforehand on one question each of you is trying to answer, and share your
                notes with each other within a week.
                """,
                say(
                    """
                    One question each is a good discipline, {parent}. I'll message you to find a
                    date. Our roles aren't an exact match, but that might make it more
                    interesting, not less.
                    """,
                    by="author",
                ),
            ),
            say("""
                Might be worth checking with HR about insurance and travel. It's almost certainly
                fine, but it's easier to ask first than to explain afterwards.
            """),
            say("""
                Write down what surprised you. Not what was better or worse, just what
                surprised you. Surprises are where the real differences hide, and it stops the
                day turning into a competition.
            """),
            say(
                """
                I like this a lot. I'll happily take it to our sponsor once you've tried it. A
                couple of real examples will make the case far better than any proposal.
                """,
                by="convenor",
            ),
        ),
        tags=("Experiments",),
    ),
    Topic(
        "Autumn trial fund: four ideas chosen, bids now closed",
        prose("""
            Thank you to everyone who put forward an idea for the autumn trial fund. We had
            eleven bids from all five sites, more than double last year.

            Our sponsor has agreed to fund four trials of up to twelve weeks each:

            1. The 10-minute huddle at two more depots.
            2. Callback cards for customers whose repair needs a second visit.
            3. A shared tool library between two depots.
            4. Paperless permits to work.

            If your idea wasn't chosen, it isn't dead. Several were close, and we'll come back
            to them. I'm locking this thread now that bids have closed; please start a new post
            for each trial so we can follow them separately.
        """),
        (
            say(
                """
                Congratulations to the four teams. Could we have a short session where the
                unsuccessful bids get some feedback? I'd like to know what would have made ours
                stronger.
                """,
                say(
                    """
                    That's a fair ask and a good idea. I'll set up a short online session before
                    the next gathering and ask our sponsor to join, so the feedback comes from
                    the people who made the decision.
                    """,
                    by="convenor",
                ),
            ),
            say(
                """
                Delighted the callback cards made it through. We'll share the card design and
                our script with the partner site this week, and we'll be honest about what
                didn't work in the first version.
                """,
                functions=("Customer Services",),
            ),
            say("""
                Eleven bids is great to see. It would help to keep the full list somewhere
                visible, so people with similar ideas can find each other.
            """),
            say(
                """
                Locking this thread now, as promised. Thank you again for the bids and for the
                good-natured discussion. Please follow the individual trial posts; that's where
                the updates will be.
                """,
                by="convenor",
            ),
        ),
        tags=("Experiments",),
        by="convenor",
        locked=True,
    ),
    Topic(
        "Callback cards for customers: early results",
        prose("""
            An update on one of the autumn trials.

            When a repair can't be finished on the first visit, customers used to be left with a
            vague "someone will be in touch". Now the crew leave a card with a named contact, a
            reference number and the date we'll call back by.

            After the first few weeks across our two trial sites:

            - Calls asking "what's happening with my repair?" are down by about a third.
            - Crews say the card makes the doorstep conversation easier, especially when the
            customer is upset.
            - We missed the callback date on 14 per cent of cards. That's the bit we need to
            fix, because a broken promise on a card is worse than no card at all.

            Next step: a simple daily list of callbacks due, owned by one person per site.
        """),
        (
            say(
                """
                A broken promise being worse than no promise is so true. We found the same with
                text message updates. Is the daily list going to be manual to start with?
                """,
                say(
                    """
                    Manual for now: a shared spreadsheet, checked at the morning huddle. If it
                    proves its worth, we'll ask Digital Services to help us build something
                    sturdier.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                From the field side: the crews genuinely like these. One of my supervisors said
                it's the first time in years he's felt he could give a customer a straight answer
                on the doorstep.
                """,
                functions=("Operations",),
            ),
            say(
                """
                If you want help automating the list later, give us a shout. Do keep it manual
                for now, though: working the process out by hand first is how we end up building
                the right thing.
                """,
                functions=("Digital & Data",),
            ),
            say(
                """
                Could we try this in {town}? A lot of the cases our complaints team see start
                with "nobody told me what was happening". I'd be glad to help measure the effect
                on complaints.
                """,
                functions=("Customer Services",),
            ),
        ),
        tags=("Customers", "Experiments"),
        functions=("Customer Services",),
    ),
    Topic(
        "Paperless permits to work: halfway notes",
        prose("""
            Six weeks into our twelve-week trial of issuing permits to work on tablets instead
            of paper.

            The good news: no more lost permits, no more illegible handwriting, and supervisors
            can see every live permit from the office.

            The less good news: signal. At two of our sites the tablets can't connect, and
            crews have been falling back to paper, which means we now have two systems. That's
            worse than one.

            {member_at}, you mentioned at the last gathering that you'd dealt with something
            similar. Any advice? I'm torn between pushing for an offline mode and accepting
            paper as the backup and making it a good one.
        """),
        (
            say(
                """
                Two systems is the real risk here. Whatever you decide, make sure everyone knows
                which one is the record. In an incident, nobody should be hunting for the "real"
                permit.
                """,
                functions=("Operations",),
            ),
            say(
                """
                Offline mode is usually worth it for anything used outdoors. It's more work up
                front, but you stop designing around the worst signal spot. Happy to join a call
                with the supplier if that helps.
                """,
                say(
                    """
                    Yes please. I'll send an invitation for next week and include the two site
                    supervisors, so you hear about the problems from them directly.
                    """,
                    by="author",
                ),
                functions=("Digital & Data",),
            ),
            say(
                """
                Is the paper fallback the same as the old form? If it mirrors the tablet screen,
                switching between the two is much less confusing for the crews.
                """,
                say(
                    """
                    It's the old form, and you've just put your finger on part of the problem.
                    We'll redesign it to match the screen, field for field.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Really useful to see the less good news written down as honestly as the good.
                Thank you for sharing it halfway through rather than waiting until the end.
                """,
                by="convenor",
            ),
        ),
        tags=("Experiments", "Safety"),
        functions=("Operations",),
    ),
    Topic(
        "Post-mortem: why our lift-share scheme never spread",
        prose("""
            Last year we ran a lift-share scheme for staff travelling between sites for
            meetings. It worked well in {town}: fewer pool car bookings, lower mileage claims
            and, unexpectedly, a lot of useful conversations in the car.

            It never spread to the other sites, and I've been trying to work out why. My honest
            list:

            1. **It depended on one enthusiast**, me, and I never handed it over.
            2. **We never wrote it down.** Other sites heard about it second-hand and assumed
            it needed an app.
            3. **We measured savings, not what people valued.** The conversations were the best
            bit and we had no way of showing it.

            I'm sharing this because I suspect other good ideas die in the same way. What would
            you add to the list?
        """),
        (
            say("""
                Number one is the big one. We lost a brilliant rota idea when the person who ran
                it went on maternity leave. Now we ask every experiment to name a second person
                from day one.
            """),
            say(
                """
                I'd add: nobody at the other sites was asked to help shape it. People are much
                keener on ideas they've had a hand in than on ones handed to them finished.
                """,
                say(
                    """
                    That's fair, and a bit uncomfortable to read. We presented it as finished,
                    which probably made it feel like someone else's project rather than
                    something to build on.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Could we revive it? With more travel between sites since the field service
                changes, I suspect the timing would be better now. I'd be willing to be the
                second person.
                """,
                say(
                    """
                    I'd love that. Let's write it up properly this time, with both our names on
                    it, and bring it to the next gathering as a proposal for a second try.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Thank you for writing a post-mortem at all. We celebrate the experiments that
                work and quietly forget the ones that don't, which means we learn half as much.
                """,
                by="convenor",
            ),
        ),
        tags=("Experiments",),
    ),
)


NEW_MANAGERS_CIRCLE: tuple[Topic, ...] = (
    Topic(
        "Welcome: how this circle works (please read first)",
        prose("""
            Hello, and welcome. Whether you joined at the start or last week, I'm glad you're
            here.

            A few things about how we work:

            - **What's said here stays here.** Please don't share anything from this space
            without the person's permission.
            - **We meet every three weeks** in small groups, using a simple action-learning
            format: one person brings an issue, and the others ask questions before anyone
            offers advice.
            - **Between meetings, this is the place** to ask for help, share a small win or
            think out loud.
            - **There are no daft questions.** Everybody here is new to this. So was I, and not
            that long ago.

            If you'd like to bring an issue to the next meeting, post it here or message me.
            And if something isn't working for you, tell me. This circle is yours as much as
            mine.
        """),
        (
            say("""
                Thank you, {convenor}. It helps to have this written down. The first months have
                been harder than I expected, and it's a relief to have somewhere to say so.
                Looking forward to the next meeting.
            """),
            say(
                """
                Could you say a bit more about the action-learning format? I've never done it
                and I'm slightly nervous about being in the hot seat.
                """,
                say(
                    """
                    Of course. The person bringing the issue talks for five minutes, then the
                    group asks open questions only, no advice, for about fifteen. Advice comes
                    at the end, if you want it. You're always in control of how much you share.
                    """,
                    by="convenor",
                ),
            ),
            say("""
                "No daft questions" is a relief. Half my questions at the moment start with
                "this is probably obvious, but..." and I've been saving them up rather than
                asking.
            """),
        ),
        tags=("New managers",),
        by="convenor",
        pinned=True,
    ),
    Topic(
        "Peer consultation: giving feedback to someone who used to be my peer",
        prose("""
            I'd like to bring this to the circle Troika style: I'll describe the situation, and
            I'd be grateful for clarifying questions first, then your thoughts.

            **The situation:** six months ago I was promoted to lead the team I'd worked in for
            four years. One of my former peers, a good friend, has started coming in late and
            leaving jobs half finished for others to pick up. The team have noticed, and one of
            them has asked me, pointedly, whether I'm "going to do anything about it".

            **What I've tried:** a light-touch "everything all right?" over a brew. He said he
            was fine.

            **What I'm stuck on:** how to have a proper conversation without losing the
            friendship, or looking as though I'm going easy on him.

            **What would help:** questions I haven't asked myself, and how you've handled
            something similar.
        """),
        (
            say(
                """
                Clarifying question: do you know whether anything has changed for him outside
                work? Lateness and unfinished jobs together sometimes point to something going
                on at home.
                """,
                say(
                    """
                    I don't, and reading your question I've realised I've been avoiding asking
                    properly, because I'm worried about what I'll hear and what I'd then have to
                    do.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Is this the same situation {member} mentioned at the last meeting? If so, I think
                I know who it is, and I might be able to help, because I worked with him at the
                old depot.
                """,
                say(
                    """
                    A gentle reminder for all of us: let's keep to the situation rather than
                    guessing who's involved. Thank you for taking that down so quickly.
                    """,
                    by="convenor",
                ),
                deleted=True,
            ),
            say("""
                Another question: what would a good outcome look like for you in three months'
                time? It might help to be clear whether you're aiming to fix the lateness, keep
                the friendship, or both.
            """),
            say(
                """
                Thank you for bringing this so clearly. One thought, for when you're ready: the
                friendship and the feedback aren't really opposites. A good friend would tell
                him the team has noticed. Being specific and kind at the same time is the skill,
                and you can practise it here first.
                """,
                say(
                    """
                    Could we practise it at the next meeting, {parent}? I think saying the first
                    sentence out loud, to people who aren't him, would help me find words that
                    sound like me.
                    """,
                    by="author",
                ),
                by="convenor",
            ),
            say("""
                I was in almost exactly this position last year. What helped was splitting it
                into two conversations: first a genuine check-in as a friend, then a separate,
                planned one as his manager. Trying to do both at once muddled it.
            """),
        ),
        tags=("Feedback", "Peer consultation", "New managers"),
        functions=("Operations",),
    ),
    Topic(
        "First sickness absence meeting next week: what do I actually say?",
        prose("""
            I have my first formal sickness absence review next week. I've read the policy twice
            and HR have been helpful, but the policy tells me what has to happen, not how to
            sound like a human being while it happens.

            The person has had three short absences in four months, all for different reasons,
            and I've no reason to think they're anything but genuine. I'm worried the meeting
            will feel like an accusation.

            For those who've done a few of these: how do you open? And what do you do if they
            get upset?
        """),
        (
            say("""
                I open with why we're meeting, and that it's about support, not blame. Something
                like: "The policy asks us to meet after three absences; I want to check how you
                are and whether there's anything we can do." Saying the policy part plainly takes
                the mystery out of it.
            """),
            say(
                """
                If they get upset, let there be a pause. You don't have to fill the silence or
                fix anything straight away, and offering to stop for ten minutes is perfectly
                fine. It's their meeting as much as yours.
                """,
                by="convenor",
            ),
            say("""
                Ask HR whether there's an occupational health referral you can mention. Having
                something concrete to offer turned my first one from a box-ticking exercise into
                a useful conversation.
            """),
            say(
                """
                Afterwards, write up the notes the same day and share them with the person. Mine
                appreciated seeing exactly what had been agreed, and it stopped any
                misunderstanding later.
                """,
                say(
                    """
                    Thanks all, and especially for this tip. The meeting went much better than
                    I'd feared. She told me afterwards it was the first time anyone had asked
                    properly, which was humbling.
                    """,
                    by="author",
                ),
            ),
        ),
        tags=("New managers", "Wellbeing"),
    ),
    Topic(
        "I said yes to everything for three months. Now what?",
        prose("""
            When I started as a team leader I wanted to show I could cope, so I said yes to
            everything: every meeting, every extra report, every "could you just". Three months
            in, I'm working most evenings and my own team get the leftovers of my attention.

            I know the theory. Prioritise, delegate, say no. What I'm struggling with is how to
            *start* saying no when I've set the expectation that I won't.

            Has anyone reset things part-way through? What did you actually say, and to whom
            first?
        """),
        (
            say(
                """
                I went to my manager first and said: "Here's everything I've taken on. Which of
                these matter most to you?" It turned out two of them didn't matter to anyone.
                That conversation gave me permission for the rest.
                """,
                say(
                    """
                    Bringing the full list is the bit I hadn't thought of. It turns the
                    conversation from "I can't cope" into "help me choose", which feels much
                    easier to start.
                    """,
                    by="author",
                ),
            ),
            say("""
                Start with "not yet" rather than "no". "I can do that next week, or I can drop
                something else to do it now. Which would you prefer?" People are surprisingly
                reasonable when they're asked to choose.
            """),
            say(
                """
                It might be worth bringing this to our next meeting as your issue. I suspect
                almost everyone in the circle will recognise it, and I'd like us to think about
                what's underneath the urge to prove ourselves.
                """,
                by="convenor",
            ),
            say("""
                Evenings were my warning sign too. I now block out the last half hour of each
                day for my own team. It's the one meeting I never move, and they've noticed.
            """),
        ),
        tags=("New managers", "Wellbeing"),
    ),
    Topic(
        "A small win: my first one-to-one that didn't feel like an interrogation",
        prose("""
            Sharing a small win, because the circle helped me get here.

            My one-to-ones had become a list of my questions and their answers. Efficient, but
            they felt like an interview, and I wasn't learning much.

            This week I tried something from our last meeting. I sent the agenda a day early
            with just one item on it, **"Anything you'd like to talk about"**, and let them
            lead. I held back my own list until the last ten minutes.

            One of my team used the time to tell me she'd like to train as a supervisor one day.
            In eight months she'd never mentioned it.

            Not a revolution, but it's the first one-to-one that felt like a conversation.
            Thanks to {convenor_at} for the nudge.
        """),
        (
            say("""
                Brilliant. It's amazing what comes out when there's space for it. I'm going to
                try the one-line agenda with my team next week and see what happens.
            """),
            say(
                """
                Lovely to read, and well done for holding your own list back. That takes real
                discipline when there are things you need to cover. What will you do with what
                she told you?
                """,
                say(
                    """
                    I'm going to ask whether she'd like to shadow a supervisor for a day, and
                    look at the development programme with her. Small steps, but she seemed
                    really pleased to be asked.
                    """,
                    by="author",
                ),
                by="convenor",
            ),
            say("""
                I tried the same and found some people need a little structure, or they just say
                "all fine". I give mine two questions: what's going well, and what's getting in
                your way?
            """),
        ),
        tags=("Feedback", "New managers"),
    ),
    Topic(
        "Someone on my team went over my head",
        prose("""
            Last week one of my team took a complaint about the rota straight to my manager
            instead of coming to me. My manager, to her credit, sent them back to me, but told
            me about it first.

            I'll be honest: my first feeling was hurt, and my second was annoyance. Neither is
            a great place to start a conversation from.

            I'd like to understand why they didn't feel they could come to me. It might be me,
            or it might be habit, since my manager used to lead the team directly.

            How would you open that conversation without it sounding like a telling-off?
        """),
        (
            say("""
                I'd lead with curiosity rather than the going-over-your-head part. Something
                like: "I'd like to understand what's going on with the rota, and I'd like you to
                feel you can bring things to me. What would make that easier?"
            """),
            say(
                """
                The habit explanation is very likely. In my team people kept going to my
                predecessor for months after he moved on. It wasn't about me at all, even though
                it felt like it.
                """,
                say(
                    """
                    That's reassuring, {parent}. I've been taking it very personally, and your
                    comment makes me see that habit is the simpler explanation. I'll go in
                    assuming that.
                    """,
                    by="author",
                ),
            ),
            say(
                """
                Worth checking with your manager that you're aligned: if people go to her again,
                she keeps sending them back to you. That consistency will do a lot of the work
                for you.
                """,
                by="convenor",
            ),
            say("""
                It's good that you noticed the hurt and the annoyance before the conversation
                rather than during it. That's half the battle, honestly.
            """),
        ),
        tags=("New managers", "Difficult conversations"),
    ),
)


COURAGEOUS_CONVERSATIONS: tuple[Topic, ...] = (
    Topic(
        "Practice trio notes: a long-serving colleague whose work has slipped",
        prose("""
            Notes from Tuesday's trio, shared with the permission of all three of us.

            The situation: a manager with over twenty years' service, well liked, whose reports
            have become late and inaccurate over the past six months. Nobody has said anything,
            partly out of respect and partly because he trained half the department.

            We rehearsed the opening three times. What we noticed:

            - **The first attempt was all cushioning.** By the time the point arrived, it was
            buried.
            - **The second was clear but cold.** The colleague playing him said he'd have felt
            ambushed.
            - **The third worked best:** one sentence of genuine appreciation, then the specific
            concern with two examples, then a question: "What's your view?"

            The real conversation is next week. I'll let you know how it goes.
        """),
        (
            say("""
                That third opening is a good model. I'd add: be ready for him to agree straight
                away. Sometimes people know, and are relieved someone has finally said it, and
                you need a plan for that too.
            """),
            say(
                """
                The respect point matters. Saying nothing for six months isn't respect; it's
                leaving him to find out from someone less kind. You're doing right by him.
                """,
                say(
                    """
                    I needed to hear that, {parent}. I'd been telling myself that waiting was a
                    kindness, when really it was a kindness to me.
                    """,
                    by="author",
                ),
            ),
            say("""
                Playing him in the trio was eye-opening. On the receiving end of the cold version,
                I stopped listening after the first sentence. I'll remember that next time I'm
                tempted to get straight to the point.
            """),
            say(
                """
                Looking forward to hearing how it goes. Whatever happens, you've prepared more
                carefully than most of us ever do, and he'll feel that even if the conversation
                is hard.
                """,
                by="convenor",
            ),
        ),
        tags=("Difficult conversations", "Feedback"),
    ),
    Topic(
        "How do I challenge a decision made above me without undermining it?",
        prose("""
            Our directorate has set a target to clear a backlog of inspections within eight
            weeks. I think it's achievable only if we cut corners I'm not comfortable cutting,
            and I suspect I'm not the only one who thinks so.

            I want to challenge it properly, not grumble about it in the car park. But the
            target was announced in front of the whole management team, and I'm conscious that
            challenging it now could look like undermining my director in public.

            How have people here raised a serious concern upwards? Privately first? In writing?
            With evidence, or with a proposal?
        """),
        (
            say("""
                Privately first, and with a proposal rather than just an objection: "Here's what
                eight weeks would require, here's the risk, and here's what ten weeks would look
                like." Directors can move much more easily when they have something to move to.
            """),
            say(
                """
                Put the safety point in writing, however good the conversation is. Not as a
                threat, but because it's the right record to have if something does go wrong.
                """,
                say(
                    """
                    Agreed. I'll follow the conversation with a short, neutral note of what we
                    discussed and what was decided. That feels fair to both of us.
                    """,
                    by="author",
                ),
                functions=("Operations",),
            ),
            say("""
                Check whether others share your view before you go. Not to build a coalition,
                but so you can honestly say it isn't just you. That changes how the challenge
                lands.
            """),
            say("""
                Speaking as someone who has set targets like this: I'd want to know. The worst
                outcome is finding out in week seven that everyone thought it was impossible
                from the start and nobody said so.
            """),
        ),
        tags=("Difficult conversations", "Change"),
        functions=("Operations", "Strategy & Assets"),
    ),
    Topic(
        "A colleague who is clearly struggling but says they're fine",
        prose("""
            One of my direct reports, a capable and private person, has seemed exhausted for
            weeks. Camera off in every meeting, short replies, and a couple of uncharacteristic
            mistakes. When I've asked how things are, the answer is always "fine, just busy".

            I don't want to pry. I also don't want to be the manager who noticed and did
            nothing.

            I've wondered about naming what I've seen directly, something like "I've noticed
            you seem tired and I'm worried", but I'm nervous it will feel intrusive and make
            them close up further.

            Where's the line between respecting privacy and caring enough to push?
        """),
        (
            say(
                """
                Naming the specific things you've seen is usually kinder than a general "are you
                OK?", which invites "fine". Then make it clear they don't need to explain
                anything, and tell them what support exists.
                """,
                say(
                    """
                    "They don't need to explain" is the piece I was missing. I'd been assuming I
                    had to find out what was wrong before I could help.
                    """,
                    by="author",
                ),
            ),
            say("""
                It can help to ask twice. "How are you really?" sounds like a cliché, but the
                second ask tells someone you actually want to know the answer.
            """),
            say("""
                I'd keep the employee assistance details to hand, and let them know you'll check
                in again next week whatever they say now. Being consistent matters more than
                getting the first conversation perfect.
            """),
            say(
                """
                And look after yourself in this too. Carrying worry about someone in your team
                is tiring in its own right, and it's fine to talk it through with one of us.
                """,
                by="convenor",
            ),
        ),
        tags=("Wellbeing", "Difficult conversations"),
    ),
    Topic(
        "When the conversation goes badly: what I did next",
        prose("""
            Two weeks ago I had a conversation I'd rehearsed in our trio, about a team member's
            attitude towards colleagues. It went badly. He became defensive, then angry, and
            left saying I'd "always had it in for him". I handled the end of it poorly too: I
            matched his tone.

            What I did next, for what it's worth:

            1. I waited a day, then apologised for my part, my tone, without withdrawing the
            concern.
            2. I asked whether he'd prefer to continue with someone from HR present. He did.
            3. The second conversation was slower, calmer and far more useful.

            I'm sharing it because our rehearsals tend to end with the conversation going well,
            and I think we should practise the ones that don't.
        """),
        (
            say("""
                Thank you for this. Apologising for your tone without withdrawing the concern is
                a really useful distinction, and I suspect most of us would have done one or the
                other.
            """),
            say(
                """
                I'd love to try rehearsing a conversation that goes wrong. One of us plays the
                person as difficult as we can, and the other practises recovering.
                """,
                say(
                    """
                    Let's make that the focus of the next session. I'll volunteer to be the one
                    who has to recover first, since it was my idea to run trios in the first
                    place.
                    """,
                    by="convenor",
                ),
            ),
            say("""
                Matching someone's tone is so easy to do and so hard to notice in the moment.
                I've started keeping my hands still on the table when I feel it happening. Odd,
                but it works for me.
            """),
            say(
                """
                Was bringing in HR at his request or yours? I've found that offering it as his
                choice, as you seem to have done, stops it feeling like an escalation.
                """,
                say(
                    """
                    I offered it as an option, and he took it straight away. I think it helped
                    him trust that the second conversation would be fair.
                    """,
                    by="author",
                ),
            ),
        ),
        tags=("Difficult conversations", "Feedback"),
    ),
    Topic(
        "Feedback upwards: my director talks over people in meetings",
        prose("""
            A tricky one. My director is generous, supportive and, in meetings, talks over
            people, mostly the more junior ones. I've watched two of my team stop contributing
            altogether.

            I think he has no idea. Nobody has told him, because he's the director.

            I'd like to, in a way that's useful rather than awkward. My plan is to ask for ten
            minutes, describe what I saw in one specific meeting, and explain the effect on my
            team rather than on me. Then stop talking.

            Before I do: has anyone here given feedback like this upwards? How did it land? And
            is there anything you'd change in my plan?
        """),
        (
            say("""
                Your plan sounds right to me. I'd add asking permission first: "Could I give you
                some feedback about Tuesday's meeting?" It gives him a moment to get ready and
                makes it a conversation between adults.
            """),
            say(
                """
                I did something similar last year. It landed well in the room, and then nothing
                changed for a month. What helped was a follow-up: I asked if I could signal when
                it was happening. We agreed on a pen placed on the table.
                """,
                say(
                    """
                    A pen on the table is wonderfully practical, {parent}. Did it feel awkward
                    actually using it in front of other people?
                    """,
                    by="author",
                ),
                say(
                    """
                    Only the first time. After a couple of meetings he started glancing at the
                    pen himself, which told me he'd taken the feedback seriously.
                    """,
                    by="parent",
                ),
            ),
            say(
                """
                Describing the effect on your team rather than on you is the strongest part of
                your plan. It's hard to argue with, and it shows you're speaking up for them.
                """,
                by="convenor",
            ),
            say("""
                If it would help, we could rehearse it in the next trio. Saying "you talk over
                people" to a director sounds very different out loud from how it sounds in your
                head.
            """),
        ),
        tags=("Feedback", "Difficult conversations"),
    ),
)

CONVERSATIONS: dict[str, tuple[Topic, ...]] = {
    "Leading Through Change": LEADING_THROUGH_CHANGE,
    "Data-Informed Leadership": DATA_INFORMED_LEADERSHIP,
    "Cross-Site Innovators": CROSS_SITE_INNOVATORS,
    "New Managers' Circle": NEW_MANAGERS_CIRCLE,
    "Courageous Conversations": COURAGEOUS_CONVERSATIONS,
}


# -- Builder -----------------------------------------------------------------


@dataclass
class Circle:
    """A community's current members, as the builder needs them."""

    name: str
    people: list[User]
    joined: dict[int, datetime.datetime]
    convenor: User

    def present(self, when: datetime.datetime, exclude: Collection[User] = ()) -> list[User]:
        """Return the members who had joined by `when`, leaving out `exclude`."""
        return [p for p in self.people if self.joined[p.pk] <= when and p not in exclude]


@dataclass
class Thread:
    """A post about to be written, with its comments in the order they were made."""

    post: Post
    topic: Topic
    circle: Circle
    comments: list[tuple[Comment, Remark]] = field(default_factory=list)
    revision: Revision | None = None


def build_discussions(demo: Demo) -> str:
    """Write each community's conversations: posts, comments, encouragement and follows."""
    tags = {name: Tag(name=name, slug=slugify(name)) for name in TAGS}
    Tag.objects.bulk_create(tags.values())
    threads = [
        thread
        for name, topics in CONVERSATIONS.items()
        for thread in plan_community(circle_of(demo, name), topics, demo)
    ]
    Post.objects.bulk_create(thread.post for thread in threads)
    Post.tags.through.objects.bulk_create(
        Post.tags.through(post_id=thread.post.pk, tag_id=tags[name].pk)
        for thread in threads
        for name in thread.topic.tags
    )
    Revision.objects.bulk_create(
        thread.revision for thread in threads if thread.revision is not None
    )
    comments = save_comments(threads)
    reactions = add_reactions(threads, demo)
    follows = add_follows(threads, reactions)
    return (
        f"{len(threads)} posts, {comments} comments, {len(reactions)} encouragements, "
        f"{follows} follows, {len(tags)} tags"
    )


def circle_of(demo: Demo, name: str) -> Circle:
    community = demo.communities[name]
    by_pk = {person.pk: person for person in demo.people.values()}
    memberships = Membership.objects.current().filter(community=community)
    rows = sorted(memberships.values_list("user_id", "joined_at", "role"))
    people = sorted((by_pk[user_id] for user_id, _, _ in rows), key=lambda p: p.handle)
    convenor = next(by_pk[user_id] for user_id, _, role in rows if role == "convenor")
    joined = {user_id: joined_at for user_id, joined_at, _ in rows}
    return Circle(name=name, people=people, joined=joined, convenor=convenor)


def plan_community(circle: Circle, topics: Sequence[Topic], demo: Demo) -> list[Thread]:
    """Return a community's threads, oldest first, spread over the last four months."""
    rng = demo.rng(f"discussions:{circle.name}")
    community = demo.communities[circle.name]
    step = (OLDEST_POST - NEWEST_POST) / max(len(topics) - 1, 1)
    authors: set[User] = set()
    threads = []
    for index, topic in enumerate(topics):
        days = NEWEST_POST + round((len(topics) - 1 - index) * step) + rng.randint(0, 3)
        created = moment(data.ANCHOR_DATE - datetime.timedelta(days=days), rng)
        named = reserved(topic, circle, demo)
        author = writer(topic.by, topic.functions, circle, created, rng, named, demo, avoid=authors)
        authors.add(author)
        body = fill(topic.body, author, circle, created, rng)
        post = Post(
            community=community,
            author=author,
            title=topic.title,
            body=body,
            body_html=render_with_mentions(body),
            is_pinned=topic.pinned,
            is_locked=topic.locked,
            created_at=created,
            updated_at=created,
        )
        thread = Thread(post=post, topic=topic, circle=circle)
        plan_comments(thread, rng, demo)
        if topic.first_draft:
            plan_edit(thread, rng)
        threads.append(thread)
    return threads


def moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """Return a time during the working day on `day`."""
    time = datetime.time(rng.randint(8, 17), rng.randrange(0, 60, 5))
    return datetime.datetime.combine(day, time, tzinfo=datetime.UTC)


def later(when: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """Return a time a little after `when`, moved to the next morning if it falls at night."""
    after = when + datetime.timedelta(minutes=rng.randint(25, 540))
    if not 7 <= after.hour < 21:
        next_day = after.date() + datetime.timedelta(days=0 if after.hour < 7 else 1)
        after = datetime.datetime.combine(next_day, datetime.time(7), tzinfo=datetime.UTC)
        after += datetime.timedelta(minutes=rng.randint(15, 150))
    return after


def writer(
    by: str,
    functions: tuple[str, ...],
    circle: Circle,
    when: datetime.datetime,
    rng: random.Random,
    exclude: Collection[User],
    demo: Demo,
    named: dict[str, User] | None = None,
    avoid: Collection[User] = (),
) -> User:
    """Return who writes something: someone named, or a member chosen at random.

    `named` maps "author" and "parent" to the people they stand for. A member
    chosen at random had joined by `when` and is never one of `exclude`; they
    come from `functions` if possible, and are one of `avoid` only if need be.
    """
    named = {"convenor": circle.convenor, **(named or {})}
    if by in named:
        return named[by]
    if by:
        person = demo.person(by)
        assert person in circle.people, f"{by} is not a member of {circle.name}"
        assert circle.joined[person.pk] <= when, f"{by} had not joined {circle.name} yet"
        return person
    pool = circle.present(when, exclude) or circle.present(when)
    preferred = [person for person in pool if unit_of(person).function.name in functions]
    fresh = [person for person in preferred or pool if person not in avoid]
    return rng.choice(fresh or preferred or pool)


def reserved(topic: Topic, circle: Circle, demo: Demo) -> set[User]:
    """Return the people a topic names as writers, so that nobody is chosen twice for it."""
    bys = {topic.by} | {remark.by for remark in topic.remarks}
    bys |= {reply.by for remark in topic.remarks for reply in remark.replies}
    people = {circle.convenor} if "convenor" in bys else set()
    return people | {demo.person(by) for by in bys if "@" in by}


def fill(
    text: str,
    person: User,
    circle: Circle,
    when: datetime.datetime,
    rng: random.Random,
    author: User | None = None,
    parent: User | None = None,
) -> str:
    """Return `text` with its placeholders filled in for `person`, who is writing it."""
    others = circle.present(when, [person, circle.convenor, *([author] if author else [])])
    other = rng.choice(others)
    return text.format(
        town=town_of(person),
        function=unit_of(person).function.name,
        unit=unit_of(person).name,
        author=first_name(author or person),
        parent=first_name(parent or person),
        convenor=first_name(circle.convenor),
        convenor_at=f"@{circle.convenor.handle}",
        member=first_name(other),
        member_at=f"@{other.handle}",
    )


def first_name(person: User) -> str:
    return person.full_name.split()[0]


def plan_comments(thread: Thread, rng: random.Random, demo: Demo) -> None:
    """Add the thread's comments, each a little after the one before."""
    post, topic, circle = thread.post, thread.topic, thread.circle
    named = reserved(topic, circle, demo)
    clock = post.created_at
    commenters: set[User] = {post.author}
    for remark in topic.remarks:
        clock = later(clock, rng)
        parent = comment_on(thread, remark, clock, commenters | named, rng, demo)
        commenters.add(parent.author)
        for reply in remark.replies:
            clock = later(clock, rng)
            comment_on(thread, reply, clock, {parent.author} | named, rng, demo, parent)
    post.updated_at = clock
    assert clock.date() < data.ANCHOR_DATE, f"{post.title} runs past the demo's date"


def comment_on(
    thread: Thread,
    remark: Remark,
    when: datetime.datetime,
    exclude: Collection[User],
    rng: random.Random,
    demo: Demo,
    parent: Comment | None = None,
) -> Comment:
    """Plan one comment, or a reply to `parent`, by whoever the remark names."""
    post, circle = thread.post, thread.circle
    named = {"author": post.author, **({"parent": parent.author} if parent else {})}
    person = writer(remark.by, remark.functions, circle, when, rng, exclude, demo, named)
    if parent and remark.by != "parent":
        assert person != parent.author, f"{person} would reply to themselves"
    parent_author = parent.author if parent else None
    body = fill(remark.body, person, circle, when, rng, post.author, parent_author)
    comment = Comment(
        post=post,
        parent=parent,
        author=person,
        body=body,
        body_html=render_with_mentions(body),
        created_at=when,
        updated_at=when,
    )
    if remark.deleted:
        comment.deleted_at = when + datetime.timedelta(minutes=rng.randint(20, 150))
        comment.deleted_by = person
    thread.comments.append((comment, remark))
    return comment


def plan_edit(thread: Thread, rng: random.Random) -> None:
    """Have the author edit the post, keeping the earlier text as a revision."""
    post, topic = thread.post, thread.topic
    assert topic.first_draft is not None
    title, body = topic.first_draft
    day = post.created_at.date() + datetime.timedelta(days=topic.edited_after_days)
    edited = max(moment(day, rng), later(post.updated_at, rng))
    thread.revision = Revision(
        post=post,
        title=title,
        body=fill(body, post.author, thread.circle, post.created_at, rng),
        edited_by=post.author,
        created_at=edited,
    )
    post.edited_at = post.updated_at = edited


def save_comments(threads: Sequence[Thread]) -> int:
    """Save the comments, top-level ones first so that replies can point at them."""
    comments = [comment for thread in threads for comment, _ in thread.comments]
    top_level = [comment for comment in comments if comment.parent is None]
    Comment.objects.bulk_create(top_level)
    # Saving sets each reply's parent_id from its parent, saved just above.
    Comment.objects.bulk_create(comment for comment in comments if comment.parent is not None)
    return len(comments)


def add_reactions(threads: Sequence[Thread], demo: Demo) -> list[Reaction]:
    """Have members encourage most posts and many comments."""
    kinds, weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())
    reactions = []
    for thread in threads:
        rng = demo.rng(f"discussions:reactions:{thread.post.title}")
        targets: list[Post | Comment] = [thread.post]
        targets += [comment for comment, _ in thread.comments if comment.deleted_at is None]
        for target in targets:
            is_post = isinstance(target, Post)
            if not is_post and rng.random() < 0.4:
                continue
            pool = thread.circle.present(target.created_at, [target.author])
            count = min(len(pool), rng.randint(3, 8) if is_post else rng.randint(1, 3))
            for person in rng.sample(pool, count):
                chosen = {rng.choices(kinds, weights)[0] for _ in range(rng.choice((1, 1, 1, 2)))}
                for kind in sorted(chosen):
                    reaction = Reaction(user=person, kind=kind)
                    if isinstance(target, Post):
                        reaction.post = target
                    else:
                        reaction.comment = target
                    reactions.append(reaction)
    return Reaction.objects.bulk_create(reactions)


def add_follows(threads: Sequence[Thread], reactions: Sequence[Reaction]) -> int:
    """Have authors and commenters follow their posts, and some who encouraged a post too."""
    pairs: dict[tuple[int, int], None] = {}
    for thread in threads:
        post = thread.post
        pairs[post.author.pk, post.pk] = None
        for comment, _ in thread.comments:
            pairs[comment.author.pk, post.pk] = None
    rng = random.Random(f"{data.SEED}:discussions:follows")
    for reaction in reactions:
        if reaction.post is not None and rng.random() < 0.3:
            pairs[reaction.user.pk, reaction.post.pk] = None
    Follow.objects.bulk_create(Follow(user_id=user, post_id=post) for user, post in pairs)
    return len(pairs)
