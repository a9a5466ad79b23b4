# English messages, in Project Fluent's syntax (https://projectfluent.org). Every user-facing string
# lives here; another language is another file with the same messages and the same variables
# (checked by a test). `{ $name }` variables are filled in by the views; `{ $count -> … }` chooses
# the plural form by the language's rules.

site-name = Ideaforge
site-description = Idea contests, bounty challenges and all-or-nothing funding campaigns, with every right and every cent on the record.
site-tagline = Ideas, challenges and campaigns, with every right and every cent on the record.
nav-sign-in = Sign in
nav-register = Register
nav-sign-out = Sign out
nav-account = Your account
nav-main = Main
nav-menu = Menu
footer-text = Ideaforge is open source. Every right and every cent is on the record.
footer-language = Language
footer-language-submit = Change language
skip-to-content = Skip to content

home-title = Where companies ask, inventors answer, and everyone gets credit
home-lead = Ideaforge joins three ways of building things together: community-selected product ideas with royalty shares, confidential bounty challenges with cash awards, and all-or-nothing funding campaigns.
home-cta-register = Create a free account
home-cta-sign-in = I already have an account
home-welcome = Welcome back, { $name }.
home-contests-title = Idea contests
home-contests-body = Companies post a brief; inventors submit ideas; the community votes and discusses. Selected ideas earn their contributors an influence share of royalties, and the rights go back to them if the product is abandoned.
home-challenges-title = Bounty challenges
home-challenges-body = A seeker, named or anonymous, posts a hard problem with a funded award. Solvers accept the agreement, submit confidential solutions, and the winner is paid from escrow as the IP transfers.
home-campaigns-title = Funding campaigns
home-campaigns-body = A selected idea can raise money from backers. Pledges are only collected if the goal is reached by the deadline; otherwise nobody pays.
home-record-title = On the record
home-record-body = A hash-chained register proves who authored what and when, and a double-entry ledger accounts for every cent held in escrow, awarded or paid.

register-title = Create your account
register-lead = One account lets you submit ideas, solve challenges, vote and back campaigns.
register-submit = Create account
register-have-account = Already registered?
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-no-account = New to Ideaforge?
sign-in-failed = The e-mail address or password is incorrect.
sign-in-suspended = This account is suspended, so it cannot sign in. Write to the site's administrators if you think this is a mistake.
field-email = E-mail address
field-password = Password
field-password-hint = At least 8 characters. A passphrase of a few words is best.
field-display-name = Display name
field-display-name-hint = Shown next to your ideas and comments.
field-current-password = Current password
field-new-password = New password
field-token-name = Token name
field-token-name-hint = What the token is for, such as "CI" or "my laptop".

account-title = Your account
account-profile = Profile
account-email = E-mail
account-role = Role
account-member-since = Member since
account-password-title = Change password
account-password-submit = Change password
account-password-note = Changing your password signs you out everywhere else and revokes your API tokens.
account-tokens-title = API tokens
account-tokens-lead = Personal access tokens let scripts use the JSON API as you. Send one as "Authorization: Bearer <token>". A read-only token only reads; a read-and-write token acts as a member; only an administration token carries staff powers. Changing or resetting your password revokes every token.
account-tokens-none = You have no API tokens.
account-tokens-create = Create token
account-tokens-scope = Scope
account-tokens-scope-read = Read only
account-tokens-scope-write = Read and write
account-tokens-scope-admin = Administration (your staff powers)
account-tokens-expires = Expires
account-tokens-no-expiry = When revoked
field-token-days = Expires after (days)
field-token-days-hint = 1 to 365 days; leave empty to keep it until you revoke it.
field-token-password = Your password
field-token-password-hint = Asked again before a new credential is issued.
account-tokens-created = Your new token is shown below once. Copy it now: it cannot be shown again.
account-tokens-revoke = Revoke
account-tokens-created-at = Created
account-tokens-last-used = Last used
account-tokens-never = never
account-tokens-name = Name

flash-registered = Welcome to Ideaforge! Your account is ready.
flash-signed-in = You are signed in.
flash-signed-out = You are signed out.
flash-picture-saved = The picture is saved.
picture-cover = Change the cover picture
picture-cover-hint = PNG, JPEG or WebP, at most 2 MB and 64 to 6,000 pixels a side; it is cropped to 1,200 × 630 and shown when the contest is shared.
picture-logo = Change the logo
picture-logo-hint = PNG, JPEG or WebP, at most 2 MB and 64 to 6,000 pixels a side; it is cropped to a 256-pixel square.
picture-file = Picture
picture-upload = Upload
flash-password-changed = Your password was changed. Other sessions were signed out and your API tokens revoked.
flash-token-revoked = The token was revoked.
flash-email-verified = Thank you: your e-mail address is confirmed.
flash-verification-sent = We sent you a new confirmation link.
flash-password-reset = Your new password is set. Sign in with it.
flash-language-saved = Your language was saved.
flash-zone-saved = Your time zone was saved.
account-email-verified = confirmed
account-email-unverified = not confirmed: notification e-mails wait until you confirm it
account-email-resend = Send the confirmation link again
account-language-title = Language
account-language-lead = The language of Ideaforge’s pages and of the e-mails it sends you.
account-language-label = Language
account-language-submit = Save language
account-zone-title = Time zone
account-zone-lead = Deadlines and other times are shown in this zone, and the dates you enter in forms are read in it. Without one, times are in UTC.
account-zone-label = Time zone
account-zone-none = UTC (none chosen)
account-zone-submit = Save time zone
language-en = English
language-it = Italiano
language-ko = 한국어
forgot-link = Forgot your password?
forgot-title = Reset your password
forgot-lead = Type your account's e-mail address and we will send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If an account has this address, a link is on its way. It works for one hour.
reset-title = Choose a new password
reset-lead = Your new password signs you out everywhere and revokes your API tokens; sign in with it afterwards.
reset-submit = Set the new password
link-refused-title = This link does not work
link-invalid = This link is not valid, or it was already used.
link-expired = This link has expired.
link-refused-retry = Ask for a new one

form-has-errors = Please correct the fields marked below.
form-errors-count =
    { $count ->
        [one] 1 field needs a change.
       *[other] { $count } fields need a change.
    }
invalid-required = This field is required.
invalid-picture-required = Choose a PNG, JPEG or WebP picture to upload.
invalid-picture-malformed = This is not a PNG, JPEG or WebP picture we can read.
invalid-picture-too_long = The picture must be at most 2 MB.
invalid-picture-out_of_range = The picture must be between { $min } and { $max } pixels on each side.
invalid-too_long = This must be at most { $limit } characters.
invalid-too_short = This must be at least { $limit } characters.
invalid-malformed = This is not valid.
invalid-control_characters = This must not contain control characters.
invalid-taken = This is already in use. If it is yours, sign in instead.
invalid-mismatch = This does not match.
invalid-out_of_range = This must be between { $min } and { $max }.
invalid-too_many = This can have at most { $limit } items.
invalid-in_past = This must be in the future.
invalid-before_other = This must not be before the earlier deadline.
invalid-unknown = This does not exist.
invalid-not_public = This must be a public https:// address on the internet (not a local or private one).
invalid-q-required = Type at least one word to search for.
invalid-q-malformed = The search could not be understood. Check the quotes and field names (title:, summary:, body:, tags:).
invalid-q-too_long = Searches can be at most { $limit } characters.
invalid-email-malformed = Enter an e-mail address such as name@example.com.

error-title = Something went wrong
error-back-home = Back to the home page
error-bad_request = The request could not be understood.
error-invalid_utf8 = The request contained text that is not valid UTF-8.
error-invalid_json = The request body is not valid JSON.
error-unsupported_media_type = The request body has an unsupported content type.
error-unauthorized = You need to sign in to do that.
error-invalid_credentials = The e-mail address or password is incorrect.
error-forbidden = You are not allowed to do that.
error-insufficient_scope = This API token may only read. Issue a token with the write scope to change things.
error-suspended = This account is suspended. Write to the site's administrators if you think this is a mistake.
error-cross_site = This request came from another site and was refused. Reload the page and try again.
error-not_found = There is nothing here. The page may have moved or never existed.
error-method_not_allowed = That method is not allowed here.
error-payload_too_large = The request is too large.
error-validation_failed = Some fields are not valid.
error-too_many_requests =
    { $seconds ->
        [one] Too many attempts. Please wait 1 second and try again.
       *[other] Too many attempts. Please wait { $seconds } seconds and try again.
    }
error-internal = Something went wrong on our side. It has been logged; please try again.
error-own_idea = You cannot vote on your own idea.
error-voting_closed = Voting has closed for this contest.
error-not_votable = This idea no longer takes votes.
error-email_unconfirmed = Confirm your e-mail address first: votes and flags count only from confirmed addresses. Use the link we sent you, or send a new one from your account page.
error-budget_exhausted = You have used all your votes in this contest. Withdraw a vote to cast another.
error-submissions_closed = This contest no longer takes new ideas.
error-edit_window_closed = Comments can only be edited for 15 minutes after posting.
error-conflict = Someone changed this at the same moment. Reload the page and try again.
error-search_unavailable = Search is being prepared and will be back in a moment. Everything else works meanwhile.
error-illegal_transition = An idea cannot move to that stage from where it is now.
error-wrong_stage = The idea is not at a stage where this can be done (shares need a selected idea, revenue a launched one).
error-wrong_status = The challenge is not at a stage where this can be done.
error-deadline_passed = The submission deadline of this challenge has passed.
error-already_submitted = You already submitted a solution to this challenge. Revise it instead.
error-already_awarded = This solution has already been awarded.
error-place_taken = That place has already been awarded.
error-solutions_arrived = Solutions have arrived: the seeker can no longer cancel. Only an administrator can end this challenge, with a public reason.
error-seeker_member = This solver belongs to the seeker organization: a seeker never awards its own people.
error-insufficient_funds = The balance does not cover that amount.
error-terms_locked = The campaign is live: its goal, deadline, currency and fee are locked.
error-deadline_out_of_range = Launching now would not leave a run within the allowed range. Change the deadline, then launch.
error-pledges_exist = Backers have pledged: only an administrator can cancel this campaign now.
error-not_live = This campaign is not taking pledges.
error-own_campaign = You cannot back your own organization's campaign.
error-sold_out = This reward is sold out. Choose another, or pledge without a reward.
error-no_pledge = You have no pledge to this campaign.
error-balance_out_of_range = That amount would take a balance past what the ledger can hold (10^18 minor units). Nothing was recorded.
error-shares_fixed = Revenue has been recorded for this idea: its influence shares are fixed.
error-self_credit = You cannot give yourself an influence share unless the register named you a contributor before the idea was selected.
error-already_received = The money for this statement has already been recorded as received.
error-nothing_owed = Nothing is owed on this statement.
error-no_awards = A challenge can be closed by its seeker only after an award. To close it without one, ask an administrator.
error-not_judging = Solutions can be scored and awarded only after the submission deadline.

nav-contests = Contests
nav-ideas = Open ideas
nav-search = Search
nav-moderation = Moderation
nav-new-org = New organization

org-new-title = Create an organization
org-new-lead = An organization runs contests and challenges. You will be its owner and can add members.
org-new-submit = Create organization
org-contests = Contests
org-members = Members
org-member-submit = Add or change member
org-role-owner = Owner
org-role-manager = Manager
org-role-judge = Judge
field-org-name = Organization name
field-org-slug = Short name for the address
field-org-slug-hint = 2–40 lowercase letters, digits and hyphens, as in /orgs/acme-labs.
field-member-email = Member's e-mail address
field-org-role = Role

contests-title = Contests
contests-none = There are no contests here yet.
contests-none-start = Start one for your organization
contest-new-title = Start a contest
contest-new-lead = Describe what you are looking for. A moderator approves the contest before it is public.
contest-new-submit = Submit for approval
contest-approved = Open
contest-pending = Awaiting approval
contest-pending-notice = This contest awaits a moderator's approval. Only its organization and moderators can see it.
contest-approve = Approve and publish
contest-submissions-close = Submissions close
contest-voting-closes = Voting closes
contest-vote-budget = Votes
contest-votes-used = { $used } of { $budget } used
contest-votes-left =
    { $count ->
        [one] 1 left
       *[other] { $count } left
    }
contest-unlimited = Unlimited
contest-votes-each = { $budget } per member
contest-influence-pool = Influence pool
contest-ip-terms = IP terms
contest-ideas = Ideas
contest-phases = Phases
contest-phase-submission = Taking ideas
contest-phase-voting = Voting
contest-phase-results = Results
contest-phase-ends-submission = Submissions close
contest-phase-ends-voting = Voting closes
contest-phase-closed = Closed
contest-influence-pool-means = of net revenue from selected ideas is paid to their contributors
contest-shortlist-at = Shortlisted by votes
contest-shortlist-votes =
    { $count ->
        [one] at 1 vote
       *[other] at { $count } votes
    }
contest-shortlist-at-means =
    { $count ->
        [one] The first vote an idea gets moves it to shortlisted by itself.
       *[other] The vote that brings an idea to { $count } votes moves it to shortlisted by itself.
    }
contest-sign-in-to-vote = Sign in to vote
contest-vote-now = Vote on the ideas
contest-see-results = See the top ideas
step-done = done
field-title = Title
field-brief = Brief
field-category = Category
field-submission-closes = Submissions close at
field-voting-closes = Voting closes at
field-utc-hint = In UTC.
field-zone-hint = In { $zone } time.
field-vote-budget = Votes per member
field-vote-budget-hint = Leave empty for unlimited votes.
field-shortlist-at = Shortlist at votes
field-shortlist-at-hint = An idea with this many votes is shortlisted by itself. Leave empty to decide every shortlisting yourselves.
field-influence-pool = Influence pool (basis points)
field-influence-pool-hint = Share of net revenue paid to contributors: 500 is 5 %.
field-ip-terms = IP terms
field-markdown-hint = Markdown: **bold**, *italic*, lists and links.

ideas-none = No ideas yet. Be the first!
ideas-sort = Sort ideas
sort-top = Top
sort-new = New
sort-trending = Trending
filter-stage = Stage
filter-any = Any
filter-apply = Filter
field-tag = Tag
page-previous = ← Previous
page-next = Next →
open-ideas-title = Open ideas
open-ideas-lead = Ideas submitted outside any contest. Vote for the ones you want to see made.

idea-new-title = Submit an idea
idea-edit-title = Edit your idea
idea-for-contest = For the contest
idea-submit-to-contest = Submit an idea
idea-save = Save idea
field-summary = Summary
field-body = Description
field-tags = Tags
field-tags-hint = Up to 8, separated by commas.
field-language = Language
field-language-detect = Detect it from the text
field-language-hint = The language you write in: pages mark the text with it and search reads it in it.
field-co-authors = Co-authors
field-co-authors-hint = E-mail addresses of members who worked on this with you, separated by commas.
idea-by = by
idea-merged-into = This idea was merged into
idea-history-link = History (version { $revision })
idea-edit = Edit
idea-withdraw = Withdraw this idea
idea-move-stage = Move to another stage
idea-move-submit = Move
idea-timeline = Timeline
timeline-submitted = Submitted
timeline-by-votes =
    { $count ->
        [one] the community: it reached 1 vote, the contest's threshold
       *[other] the community: it reached { $count } votes, the contest's threshold
    }
field-stage = New stage
field-duplicate-of = Duplicate of idea number (for merges)
field-reason = Reason (shown on the timeline)
follow = Follow
unfollow = Unfollow
vote-cast = Vote for this idea
vote-withdraw = Withdraw your vote
vote-sign-in = Sign in to vote
vote-count =
    { $count ->
        [one] 1 vote
       *[other] { $count } votes
    }
vote-cast-named =
    { $count ->
        [one] Vote for { $title }, 1 vote
       *[other] Vote for { $title }, { $count } votes
    }
vote-withdraw-named =
    { $count ->
        [one] Withdraw your vote for { $title }, 1 vote
       *[other] Withdraw your vote for { $title }, { $count } votes
    }
vote-sign-in-named =
    { $count ->
        [one] Sign in to vote for { $title }, 1 vote
       *[other] Sign in to vote for { $title }, { $count } votes
    }
stage-submitted = Submitted
stage-shortlisted = Shortlisted
stage-selected = Selected
stage-in_development = In development
stage-launched = Launched
stage-rejected = Rejected
stage-withdrawn = Withdrawn
stage-abandoned = Abandoned
stage-duplicate = Duplicate

comments-title = Comments ({ $count })
comment-post = Post comment
comment-reply = Reply
comment-edit = Edit
comment-save = Save
comment-delete = Delete
comment-flag = Flag
comment-edited = edited
comment-deleted = This comment was deleted.
comment-hidden = This comment is hidden until a moderator reviews it.
comment-sign-in = Sign in to join the discussion.
field-comment = Your comment

history-title = History of “{ $title }”
history-back = Back to the idea
history-revision = Version { $revision }

moderation-title = Moderation
moderation-pending-contests = Contests awaiting approval
moderation-flagged-comments = Comments hidden by flags
moderation-nothing = Nothing to review.
moderation-on-idea = On this idea
moderation-restore = Restore
moderation-delete = Delete

flash-org-created = Your organization is ready.
flash-member-set = The member was saved.
flash-contest-created = Your contest was submitted. A moderator will approve it before it is public.
flash-contest-approved = The contest is approved and public.
flash-idea-submitted = Your idea was submitted.
flash-idea-saved = Your changes were saved as a new version.
flash-stage-moved = The stage was changed.
flash-comment-deleted = The comment was deleted.
flash-comment-flagged = Thank you. The comment was flagged for review.
flash-moderated = Done.
home-open-contests = Open contests
home-all-contests = All contests →
take-part-sign-in = Sign in to take part
home-unread =
    { $count ->
        [one] You have 1 unread notification
       *[other] You have { $count } unread notifications
    }
home-cta-submit = Submit an idea
home-stat-contests =
    { $count ->
        [one] contest
       *[other] contests
    }
home-stat-challenges =
    { $count ->
        [one] open challenge
       *[other] open challenges
    }
home-stat-campaigns =
    { $count ->
        [one] live campaign
       *[other] live campaigns
    }
home-open-challenges = Open challenges
home-no-challenges = No challenge is open right now. Organizations can post one from their page.
home-all-challenges = All challenges →
home-no-contests = No contest is open right now. Open ideas are welcome any time.
home-live-campaigns = Live campaigns
home-no-campaigns = No campaign is taking pledges right now.
home-my-ideas = Your ideas
home-my-ideas-none = You have not submitted an idea yet.
home-all-my-ideas = All your ideas
home-my-votes = Your votes
home-my-news = Latest news
home-all-news = All notifications
home-chosen-ideas = Chosen by companies
home-all-campaigns = All campaigns →

search-title = Search
search-label = Search ideas
search-placeholder = Words, "a phrase", -excluded
search-button = Search
search-help = Results with every word come first. Put a phrase in quotes, leave a word out with a minus (kettle -electric), want either word with OR, filter with tag:, stage:, category: or kind:. Any language works.
search-did-you-mean = Did you mean:
search-corrected = Nothing matches “{ $q }”. Showing results for:
search-partial = These results have some of your words, not all:
search-results =
    { $count ->
        [one] 1 result for “{ $q }”
       *[other] { $count } results for “{ $q }”
    }
search-none = Nothing matches. Try fewer or other words.
search-unavailable = Search is being prepared and will be back in a moment. Everything else works meanwhile.
search-sort-label = Order
search-sort-relevance = Best match
search-sort-top = Most votes
search-sort-new = Newest
search-facet-kind = Kind
search-facet-category = Category
search-facet-stage = Stage
search-facet-tag = Tags
search-kind-idea = Idea
search-kind-challenge = Challenge
search-kind-campaign = Campaign
search-filter-remove = Remove this filter

similar-title = Similar ideas already here
similar-lead = Is yours one of these? Vote or comment there instead of submitting it again.
similar-on-page = Similar ideas

# Challenges
nav-challenges = Challenges
nav-money = Escrow & payouts
nav-seeker = My challenges
nav-my-solutions = My solutions
nav-my-ideas = My ideas
challenges-title = Challenges
challenges-none = No challenges here yet.
challenge-anonymous-seeker = Anonymous seeker
challenge-status-draft = Draft
challenge-status-in_review = In review
challenge-status-open = Open
challenge-status-judging = Judging
challenge-status-awarded = Awarded
challenge-status-closed = Closed
challenge-status-cancelled = Cancelled
challenge-type-ideation = Ideation
challenge-type-theoretical = Theoretical
challenge-type-reduction_to_practice = Reduction to practice
challenge-type-proposal = Proposal
challenge-difficulty-low = Low
challenge-difficulty-medium = Medium
challenge-difficulty-high = High
challenge-ip-assign = Winners assign their IP to the seeker
challenge-ip-licence = Winners keep their IP and licence it to the seeker
challenge-ip-solver_keeps = Solvers keep their IP
challenge-filter-status = Status
challenge-filter-type = Type
challenge-filter-category = Category
challenge-filter-any = Any
challenge-filter-apply = Filter
challenge-new-title = New challenge
challenge-new-lead = Describe the problem in neutral language for everyone, and keep what only solvers who accept your agreement may read in the confidential details. A moderator reviews it; it opens once the award pool and the platform fee are in escrow.
challenge-new-submit = Save as draft
challenge-edit-title = Edit draft
challenge-edit-submit = Save changes
challenge-field-statement = Public statement
challenge-field-statement-hint = Everyone can read this. Markdown is supported.
challenge-field-details = Confidential details
challenge-field-details-hint = Only solvers who accept the challenge agreement, your organization and administrators can read this.
challenge-field-type = Type
challenge-field-difficulty = Difficulty
challenge-field-award = Award pool
challenge-field-award-hint = An amount such as 15000.00.
challenge-field-currency = Currency
challenge-field-split = Split among winners (%)
challenge-field-split-hint = Per cent for each place, adding up to 100, e.g. 60, 40.
challenge-field-deadline = Submission deadline
challenge-field-criteria = Judging criteria
challenge-field-criteria-hint = One per line as name: weight, e.g. Feasibility: 60.
challenge-field-ip = IP terms
challenge-field-anonymous = Hide our organization from everyone outside it (anonymous challenge)
challenge-statement = The challenge
challenge-details = Confidential details
challenge-details-locked = Accept the challenge agreement to read the confidential details and submit a solution.
challenge-award = Award pool
challenge-phases = Phases
challenge-split = Split
challenge-deadline = Deadline
challenge-criteria = Judging criteria
challenge-read-agreement = Read and accept the agreement
challenge-write-solution = Write your solution
challenge-my-solution = Your solution
challenge-seeker-panel = For the seeker
challenge-escrow-held = In escrow:
challenge-escrow-required = needed to open:
challenge-fee = platform fee
challenge-submit-review = Send for review
challenge-board = Judging board
challenge-close = Close and refund unused escrow
challenge-cancel = Cancel and refund escrow
challenge-approve = Approve challenge
challenge-awards = Awards
challenge-questions = Questions and answers
challenge-answer = Answer publicly
challenge-answer-by-seeker = The seeker answers:
challenge-ask = Ask a public question
challenge-ask-submit = Ask
challenge-dashboard = My challenges
challenge-dashboard-none = You do not belong to any organization yet. Create one to post challenges.
agreement-title = Challenge agreement
agreement-accept = I accept this agreement
agreement-accepted = You accepted this agreement on
solution-new-title = Your solution
solution-revise-title = Revise your solution
solution-private-lead = Your solution is private: only you, the seeker's managers and judges, and administrators can read it. You can revise it until the deadline; every revision is kept.
solution-field-body = Solution
solution-save = Save solution
solution-revision = revision
solution-revisions = Revisions
solution-locked = The deadline has passed: your solution is locked.
solution-awarded = Awarded:
solution-score-title = Your scores (0–10 per criterion)
solution-score-submit = Save scores
solution-mine-title = My solutions
solution-mine-none = You have not submitted any solutions yet.
solution-mine-browse = Find a challenge to solve
solution-balance = Awards not yet paid out
solution-balance-none = Nothing is owed to you yet.
board-unawarded = Not yet awarded:
board-rank = Rank
board-solution = Solution
board-solver = Solver
board-score = Weighted score
board-judges = Judges
board-award = Award
board-place = Place of the published split
board-place-option = Place { $place } ({ $share })
board-award-submit = Award
challenge-end-reason = Public reason for ending without awards
challenge-end-reason-hint = Shown on the challenge page and sent to every solver, e.g. no solution met the stated requirements.
challenge-ended-unpaid = An administrator ended this challenge without awards:
solution-sealed-title = This solution is sealed
solution-sealed-lead = Solutions stay sealed until the challenge's submission deadline: until then the seeker sees only how many have arrived.
solution-open-reason = Reason for opening it
solution-open-reason-hint = Administrators only. The solver sees this reason and when it was opened.
solution-open-submit = Open the sealed solution
solution-openings = Opened by an administrator before the deadline
flash-solution-opened = The solution was opened; its solver sees why.
error-sealed = Solutions are sealed until the submission deadline.
challenge-solutions-count = Solutions received: { $count }.
challenge-solutions-sealed = They are sealed until the submission deadline.
challenge-commitments = What the seeker commits to
challenge-commitment-funded = A challenge opens only once the whole award pool and the platform fee are in escrow; awards are paid from it.
challenge-commitment-sealed = Your solution stays sealed until the deadline: the seeker sees only how many arrived. An administrator may open it only with a reason you will see.
challenge-commitment-no-walking-away = Once a solution arrives the seeker cannot cancel. Ending without awards is an administrator's decision with a public reason, sent to every solver.
challenge-commitment-split = Awards follow the published split: each place pays exactly its share, and the seeker can close the challenge only once every place is awarded.
challenge-commitment-no-own-people = The seeker never awards its own people: its members cannot submit, and a solution by a member cannot be awarded.
board-award-insider = Not awardable: the solver belongs to your organization.
escrow-record-title = Record money received into escrow
escrow-record-submit = Record funds
escrow-field-amount = Amount
escrow-field-reference = Bank or provider reference
escrow-admin-title = Escrow and payouts
escrow-admin-challenges = Every challenge's escrow
payout-title = Record a payout
payout-field-user = Member id
payout-submit = Record payout
moderation-pending-challenges = Challenges awaiting approval
flash-challenge-created = Challenge saved as a draft. Send it for review when it is ready.
flash-challenge-submitted = Sent for review.
flash-challenge-edited = Draft saved.
flash-challenge-approved = Challenge approved. It opens once its escrow is funded.
flash-challenge-closed = Challenge closed; unused escrow was refunded.
flash-challenge-cancelled = Challenge cancelled; its escrow was refunded.
flash-escrow-recorded = Funds recorded in escrow.
flash-escrow-already = That reference was already recorded; nothing changed.
flash-agreement-accepted = Agreement accepted. You can now read the details and submit a solution.
flash-solution-submitted = Solution submitted.
flash-solution-revised = Solution revised.
flash-scores-saved = Scores saved.
flash-award-made = Award made.
flash-question-asked = Question posted.
flash-question-answered = Answer posted.
flash-payout-recorded = Payout recorded.
flash-payout-already = That reference was already recorded; nothing changed.
invalid-award_split_bp-mismatch = The shares must add up to exactly 100 %.
invalid-currency-mismatch = The amount must be in the challenge's currency.

# IP register
nav-royalties = My royalties
ip-rights-title = Rights
ip-owners = Owned by
ip-licensees = Licensed to
ip-shares = Influence shares
ip-history = Rights history in the IP register
ip-kind-authored = Authored
ip-kind-agreement_accepted = Agreement accepted
ip-kind-licence_granted = Licence granted
ip-kind-reverted = Rights reverted
ip-kind-assigned = Assigned
ip-kind-influence_shares_set = Influence shares set
ip-shares-field = Contributors
ip-shares-hint = One per line as e-mail: role: per cent, e.g. ada@example.com: design: 20. The shares must add up to 100.
ip-shares-submit = Save shares
ip-period = Period
ip-period-hint = For example 2027-Q1 or 2027-03.
ip-revenue = Net revenue
ip-pool = Influence pool paid to contributors:
ip-revenue-submit = Record revenue (royalties owed)
ip-statements = Revenue statements
ip-shares-fixed = Revenue has been recorded for this idea: its influence shares are fixed.
ip-statements-lead = Royalties are credited to contributors only when the money owed is received: until then a statement is owed by the organization.
ip-statement-pool = Royalties owed
ip-statement-status = Status
ip-statement-owed = Owed by the organization
ip-statement-received = Received and credited
ip-statement-nothing-owed = Nothing owed
ip-receipt-amount = Amount received
ip-receipt-reference = Payment reference
ip-receipt-submit = Record money received
ip-record-title = IP register record
ip-kind = Kind
ip-subject = Concerns
ip-parties = Parties
ip-terms = Terms
ip-recorded-at = Recorded
ip-content-hash = Content SHA-256
ip-prev-hash = Previous record's hash
ip-hash = This record's hash
ip-check-title = Check a text against this record
ip-check-lead = Paste the original text. For an idea it is the title, a blank line, the summary, a blank line and the body; for a solution the title, a blank line and the body. Nothing you paste is stored.
ip-check-match = This text matches the content hash: it is the content this record proves.
ip-check-differs = This text does not match the content hash. Its SHA-256 is
ip-check-submit = Check
ip-royalties-title = My royalties
ip-royalties-none = No royalties have been recorded for you yet.
ip-royalties-lead = Each line is your part of an idea's royalties for a period: owed until the organization's money is received, then credited to your balance.
ip-royalty-owed = Owed
ip-royalty-credited = Credited
flash-shares-set = Influence shares saved in the IP register.
flash-revenue-recorded = Revenue recorded. The royalties are owed by the organization and are credited to the contributors when the money is received.
flash-royalty-received = Money received; the contributors' royalties were credited.

# Notifications
nav-notifications = Notifications
nav-unread = { $count } unread
nav-mail = Mail
notify-title = Notifications
notify-unread =
    { $count ->
        [one] 1 unread
       *[other] { $count } unread
    }
notify-new = New
notify-none = Nothing yet. Follow a contest or an idea to hear when something changes.
notify-mark-read = Mark all as read
notify-unsubscribe-title = Stop these e-mails
notify-unsubscribe-lead = Stop notifications of this kind? You can turn them back on in your account settings.
notify-unsubscribe-submit = Unsubscribe
notify-unsubscribed = Done: you will not hear about this kind of activity any more.
notify-settings = How you hear about things
notify-settings-save = Save
notify-kind-comment_on_your_idea = Comments on your ideas
notify-kind-new_idea_in_followed_contest = New ideas in contests you follow
notify-kind-vote_milestone = Vote milestones of your ideas (10, 25, 50, 100 …)
notify-kind-reply_to_your_comment = Replies to your comments
notify-kind-stage_changed = Stage changes of ideas you wrote or follow
notify-kind-question_answered = Answers to questions on challenges you entered
notify-kind-awarded = Awards for your solutions
notify-kind-challenge_ended = Challenges you entered closing
notify-kind-escrow_funded = Money arriving in your challenges' escrow
notify-kind-shares_changed = Changes to the influence shares of ideas you hold a share in
notify-kind-royalty_credited = Royalties received and credited to you
notify-kind-pledge_received = Pledges to your organization's campaigns
notify-kind-campaign_ended = Campaigns you backed succeeding or failing
notify-kind-payment_failed = A pledge of yours that could not be charged
notify-kind-pledge_dropped = A pledge of yours dropped after the grace period
notify-kind-campaign_launched = Campaigns launching for ideas you would back
notify-kind-campaign_update = Updates from campaigns you backed
notify-kind-webhook_disabled = Your organization’s webhook endpoints stopped after failing
notify-kind-payment_due = Bank transfers due for campaigns you backed
notify-delivery-off = Off
notify-delivery-in_app = Only here
notify-delivery-instant = E-mail at once
notify-delivery-daily = Daily digest
notify-delivery-weekly = Weekly digest
flash-delivery-saved = Saved.
flash-notifications-read = All notifications are marked read.

mail-admin-title = Undelivered mail
mail-admin-lead = Messages the mailer gave up on after its last attempt. Retrying puts one back in the queue with a fresh count of attempts.
mail-admin-none = Every message was delivered.
mail-admin-to = To
mail-admin-kind = About
mail-admin-attempts = Attempts
mail-admin-error = Last error
mail-admin-queued = Queued
mail-admin-retry = Retry
flash-mail-retried = The message is queued again.

external-title = Other ways to sign in
external-sign-in-with = Sign in with { $provider }
external-account-lead = Sign in with an account you already have elsewhere. Linked accounts are matched by the provider's own id, never by e-mail alone.
external-link = Link { $provider }
external-unlink = Unlink
external-refused-title = Sign-in did not work
external-back = Back to sign-in
external-cancelled = The sign-in was cancelled at the provider. Nothing was changed.
external-provider-error = The provider reported an error. Nothing was changed; please try again.
external-bad-state = This sign-in link is not valid, was already used, has expired, or was started in another browser. Please start again.
external-code-refused = The provider refused the sign-in code (it may have been used already). Please start again.
external-token-mismatch = The provider's answer was not meant for this sign-in (wrong issuer, audience or nonce). Nothing was changed.
external-token-invalid = The provider's answer could not be verified. Nothing was changed.
external-unavailable = The provider cannot be reached right now. Please try again later or sign in with your password.
external-no-email = The provider did not confirm an e-mail address, so no account can be made with it. Register with your e-mail instead.
external-email-taken = An account already uses this e-mail address. Sign in to it (with its password, or the way you signed in before), then link this provider from your account page.
external-unverified = Confirm your e-mail address first (we sent you a link), then link the provider.
external-too-many = Too many sign-ins were started from here. Please wait a few minutes and try again.
external-taken = This provider account is already linked to another Ideaforge account.
flash-identity-linked = The provider is linked: you can sign in with it now.
flash-identity-unlinked = The provider was unlinked.

campaign-status-draft = Draft
campaign-status-in_review = In review
campaign-status-live = Live
campaign-status-succeeded = Succeeded
campaign-status-failed = Did not reach its goal
campaign-status-cancelled = Cancelled
campaign-goal = Goal
campaign-pledged = Pledged
campaign-backers = Backers
campaign-deadline = Deadline
campaign-collected = Collected
campaign-dropped = Dropped (never charged)
campaign-all-or-nothing = All or nothing: backers are charged only if the goal is reached by the deadline, at most what they pledged, once.
campaign-tiers = Rewards
campaign-tier-left = { $count } left
campaign-tier-per-backer = up to { $count } per backer
campaign-tier-delivery = Estimated delivery:
campaign-backer-list = Backers
campaign-no-backers = Nobody has pledged yet.
campaign-anonymous = Anonymous backer
campaign-your-pledge = Your pledge:
campaign-sign-in-to-pledge = Sign in to back this campaign
campaign-pledge = Back this campaign
campaign-change-pledge = Change your pledge
campaign-field-amount = Amount
campaign-field-amount-hint = In { $currency }, at least the reward's minimum. You are charged only if the goal is reached.
campaign-field-tier = Reward
campaign-field-quantity = How many of the reward
campaign-field-quantity-hint = Up to the reward's limit per backer; pledge at least its minimum for each.
campaign-no-reward = No reward, just support
campaign-field-card = Card number
campaign-field-card-hint = Authorised now, charged only if the campaign succeeds. Only the last four digits are kept.
campaign-field-anonymous = List me as an anonymous backer
campaign-pledge-submit = Pledge
campaign-withdraw = Withdraw my pledge
flash-pledged = Your pledge is authorised. You will be charged only if the goal is reached by the deadline.
flash-pledge-withdrawn = Your pledge was withdrawn; nothing will be charged.
nav-campaigns = Campaigns
campaigns-title = Funding campaigns
campaigns-lead = All or nothing: backers are charged only if a campaign reaches its goal by its deadline. Campaigns for selected ideas credit the ideas' contributors through their influence shares.
campaigns-awaiting = Waiting for your review
campaigns-preparing = Your organizations' campaigns in preparation
campaigns-none = No campaign is live yet.
campaign-card-backers =
    { $count ->
        [one] 1 backer
       *[other] { $count } backers
    }
campaign-new-title = Start a funding campaign
campaign-new-lead = A moderator from outside your organization reviews it; once approved you launch it and its goal, deadline and fee are locked.
campaign-new-for-idea = For the selected idea
campaign-new-submit = Create the draft
campaign-edit = Change the terms
campaign-edit-title = Change the campaign
campaign-edit-lead = Anything may change before launch. A campaign in review goes back to draft: submit it again for a moderator's approval.
campaign-edit-lead-live = The campaign is live: its goal, deadline and how backers pay are locked. You may change its title, story and rewards: a reward's number may only grow, and a reward someone has chosen can be neither removed nor made dearer.
campaign-edit-submit = Save the changes
campaign-field-tiers-hint-live = Empty a row to remove a reward nobody has chosen; fill the empty row to add one.
campaign-field-story = Story
campaign-field-story-hint = Markdown. What you will make, why, and what the money pays for.
campaign-field-goal = Goal
campaign-field-deadline = Deadline
campaign-field-deadline-hint = It must leave the shortest allowed run after launch and stay within the longest.
campaign-field-provider = How backers pay
campaign-provider-sandbox = Card (authorised when pledging, charged at success)
campaign-provider-manual = Bank transfer (asked for at success)
campaign-field-provider-hint = Cards are authorised when backers pledge and charged only if the goal is reached. Bank transfers are asked for only if the goal is reached: an administrator records each payment, and pledges still unpaid after the grace period are dropped.
campaign-transfer-hint = This campaign is paid by bank transfer: nothing is taken now. If it reaches its goal you will be asked to pay, with a reference and a date.
campaign-transfers = Bank transfers awaited
campaign-transfer-reference = Reference to quote
campaign-transfer-record = Record the payment
campaign-field-reference = The bank's reference
flash-receipt-recorded = Payment recorded; the pledge is collected.
campaign-field-tiers-hint = Up to three rewards here (more over the API). Each reward needs a title, a minimum pledge, a delivery month and what backers get; leave a row empty for none. A pledge without a reward is always possible.
campaign-tier-n = Reward { $n }
campaign-tier-title = Title
campaign-tier-minimum = Minimum pledge
campaign-tier-limit = How many (empty: unlimited)
campaign-tier-per-backer-field = Most per backer (empty: one)
campaign-tier-delivery-field = Estimated delivery (month)
campaign-tier-description = What backers get
campaign-in-review-note = Waiting for a moderator's approval.
campaign-approved-note = Approved by a moderator: its organization can launch it.
campaign-move-submit = Submit for review
campaign-move-approve = Approve
campaign-move-launch = Launch now
campaign-move-cancel = Cancel the campaign
campaign-processor-fees = Payment processor's fees
campaign-platform-fees = Platform fee
campaign-net = To the organization and the idea's contributors
campaign-idea = Funds the idea
campaign-idea-hint = (its contributors are credited from the net proceeds through their influence shares)
campaign-dashboard = Your backers
campaign-day = Day (UTC)
campaign-backers-csv = Download the backer list (CSV)
campaign-updates = Updates
campaign-backers-only = For backers
campaign-comment = Comment
campaign-post-update = Post an update
campaign-update-body = Update
campaign-update-audience = Who reads it
campaign-audience-public = Everyone
campaign-audience-backers = Backers only
funding-title = Funding
funding-start = Start a funding campaign for this idea
funding-no-demand = Nobody has said they would back this idea yet.
funding-demand = Demand registered:
funding-demand-line =
    { $count ->
        [one] { $amount } from 1 member
       *[other] { $amount } from { $count } members
    }
funding-my-interest = You said you would back this at about { $amount }. You will hear when a campaign launches.
funding-interest-hint = Would you back this idea if it were made? Say about how much: this is not a pledge and costs nothing; you are told when a campaign launches.
funding-interest-amount = About how much
funding-interest-submit = I would back this
funding-interest-withdraw = Withdraw my interest
funding-sign-in = Sign in to say you would back this idea
flash-campaign-edited = The campaign's terms are saved.
flash-campaign-created = The campaign is a draft. Submit it for review when it is ready.
flash-campaign-submitted = Submitted: a moderator will review it.
flash-campaign-approved = Approved: its organization can launch it.
flash-campaign-launched = The campaign is live.
flash-campaign-cancelled = The campaign was cancelled; every pledge was released.
flash-update-posted = Your update was posted and its backers were told.
flash-comment-posted = Your comment was posted.
flash-interest-saved = Saved.

# Atom feeds
feed-contests = Public contests on Ideaforge
feed-contest-ideas = New ideas in “{ $contest }”
feed-challenges = Open challenges on Ideaforge
feed-idea-stages = Stages of “{ $idea }”
feed-stage-change = { $from } → { $to }

## Webhooks
webhooks-title = Webhooks
webhooks-lead = Send this organization’s events to your own tools as they happen. Each delivery is an HTTPS POST of JSON signed to the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature), retried for about a day if your receiver fails, with the same webhook-id each time. A solution’s event says only that it exists, never what it says.
webhooks-endpoints = Endpoints
webhooks-none = No endpoints yet.
webhook-new = Add an endpoint
webhook-new-submit = Add endpoint
webhook-title = Webhook endpoint
webhook-field-url = URL
webhook-field-url-hint = A public https:// address that answers 2xx within 10 seconds.
webhook-field-events = Events
webhook-field-enabled = Enabled
webhook-event-idea-submitted = An idea is submitted to a contest
webhook-event-idea-stage_changed = An idea changes stage
webhook-event-idea-vote_milestone = An idea reaches a vote milestone
webhook-event-comment-posted = A comment is posted
webhook-event-challenge-question_asked = A question is asked on a challenge
webhook-event-solution-submitted = A solution is submitted (its id only)
webhook-event-challenge-award_made = An award is made
webhook-event-campaign-launched = A campaign launches
webhook-event-campaign-settled = A campaign ends at its deadline
webhook-status = Status
webhook-status-enabled = Enabled
webhook-status-failing = Stopped after failing
webhook-status-paused = Paused
webhook-failing-lead = Every attempt of a delivery failed, so this endpoint was stopped and your organization’s managers were told. Fix the receiver, then tick “Enabled” and save: the waiting deliveries go out again.
webhook-paused-lead = This endpoint is paused: nothing is sent until it is enabled again.
webhook-settings = Settings
webhook-save = Save
webhook-secret = Signing secret
webhook-secret-lead = Deliveries are signed with this endpoint’s secret. A new secret replaces it; the old one keeps signing beside it for 24 hours, so your receiver can switch without missing a delivery.
webhook-secret-once = Copy this signing secret now: it is not shown again.
webhook-secret-previous = The replaced secret signs too until
webhook-rotate = Make a new secret
webhook-deliveries = Deliveries
webhook-deliveries-none = Nothing has been sent yet.
webhook-deliveries-older = Older deliveries
webhook-delivery-pending = Waiting
webhook-delivery-delivered = Delivered
webhook-delivery-failed = Given up
webhook-delivery-when = Queued
webhook-delivery-event = Event
webhook-delivery-attempts = Attempts
webhook-delivery-response = Response
webhook-delivery-latency = Time
webhook-delivery-error = Error
webhook-delivery-message = Message id
webhook-resend = Send again
webhook-delete = Delete this endpoint
flash-webhook-saved = The endpoint was saved.
flash-webhook-deleted = The endpoint was deleted.
flash-webhook-resent = The delivery will be sent again in a moment.
nav-admin = Members
admin-nav = Administration
admin-members-title = Members
admin-members-find = Find members by part of their e-mail address or name
admin-members-find-submit = Find
admin-members-none = No member matches.
admin-member-name = Name
admin-member-email = E-mail address
admin-member-role = Role
admin-member-state = State
admin-member-joined = Joined
admin-role-member = Member
admin-role-moderator = Moderator
admin-role-admin = Admin
admin-active = Active
admin-suspended = Suspended
admin-suspension = Suspension
admin-suspended-by = Suspended by { $admin }
admin-reinstate = Lift the suspension
admin-own-account = This is your own account: another admin changes its role or suspends it.
admin-suspend-title = Suspend this member
admin-suspend-lead = A suspended member cannot sign in, and every session and API token of theirs ends at once. What they wrote stays. The reason goes into the audit log.
admin-field-reason = Reason
admin-suspend = Suspend
admin-field-role = Platform role
admin-role-save = Change the role
admin-audit-title = Audit log
admin-audit-lead = What admins and moderators did: contest, challenge and campaign approvals, campaigns cancelled by admins, comments restored or removed, escrow funds, payouts, royalty and pledge payments recorded by hand, failed e-mails sent again, suspensions and role changes, categories created, renamed, retired or offered again, with who, when, on what and why.
admin-audit-none = No admin or moderator action yet.
admin-audit-when = When
admin-audit-who = Who
admin-audit-what = What
admin-audit-subject = On
admin-audit-why = Why
admin-audit-older = Older entries
admin-action-contest_approved = Approved a contest
admin-action-challenge_approved = Approved a challenge
admin-action-escrow_funded = Recorded escrow funds received
admin-action-comment_restored = Restored a comment
admin-action-comment_removed = Removed a comment
admin-action-payout_recorded = Recorded a payout
admin-action-royalty_received = Recorded royalties received
admin-action-pledge_receipt_recorded = Recorded a pledge payment
admin-action-user_suspended = Suspended a member
admin-action-user_reinstated = Lifted a suspension
admin-action-role_changed = Changed a member's role
flash-member-suspended = The member is suspended and signed out everywhere.
flash-member-reinstated = The suspension is lifted.
flash-role-changed = The role was changed.
invalid-retired = This is no longer offered: choose another.
invalid-category-unknown = Choose one of the categories on offer.
invalid-slug-taken = This short name is already in use: choose another.
field-category-choose = Choose a category
admin-categories-title = Categories
admin-categories-lead = Contests, challenges and ideas are filed under these categories. A category's slug appears in links, filters and the API and never changes; renaming changes the name pages show. A retired category is offered no more, but what is filed under it keeps it.
admin-categories-none = No category yet.
admin-category-new = New category
admin-category-slug = Slug
admin-category-slug-hint = 2–40 lowercase letters, digits and hyphens, such as kitchen-gadgets. It never changes.
admin-category-name = Name
admin-category-create = Create the category
admin-category-offered = Offered
admin-category-retired = Retired
admin-category-rename = Rename
admin-category-rename-label = New name for { $name }
admin-category-offer = Retire or offer again
admin-category-retire = Retire
admin-category-retire-label = Retire { $name }
admin-category-restore = Offer again
admin-category-restore-label = Offer { $name } again
flash-category-created = The category was created.
flash-category-renamed = The category was renamed.
flash-category-retired = The category was retired: it is offered no more.
flash-category-restored = The category is offered again.
admin-action-category_created = Created a category
admin-action-category_renamed = Renamed a category
admin-action-category_retired = Retired a category
admin-action-category_restored = Offered a category again
admin-action-campaign_approved = Approved a campaign
admin-action-mail_retried = Sent a failed e-mail again
invalid-category-retired = This category is no longer offered: choose another.
admin-action-campaign_withdrawn = Cancelled a campaign
