# E-mail text, English. Variables (`{ $name }`) are filled in when a message is written; every
# catalog has the same keys and variables (a unit test checks).
greeting = Hello { $name },
unsubscribe = Stop these e-mails
why-comment = You get this because you wrote the idea.
comment-subject = { $who } commented on “{ $idea }”
comment-body = { $who } commented on your idea “{ $idea }”:
comment-action = Read and reply
comment-line = { $who } commented: { $excerpt }
reply-line = { $who } replied to your comment: { $excerpt }
stage-line = moved from { $from } to { $to }: { $reason }
stage-votes-line =
    { $votes ->
        [one] moved from { $from } to { $to }: it reached 1 vote, the contest's threshold.
       *[other] moved from { $from } to { $to }: it reached { $votes } votes, the contest's threshold.
    }
stage-submitted = submitted
stage-shortlisted = shortlisted
stage-selected = selected
stage-in_development = in development
stage-launched = launched
stage-rejected = rejected
stage-withdrawn = withdrawn
stage-abandoned = abandoned
stage-duplicate = duplicate
new-idea-line = New idea in a contest you follow: “{ $idea }”.
vote-milestone-line = Your idea reached { $votes } votes.
question-answered-line = The seeker answered your question.
question-answered-other-line = The seeker answered a question on a challenge you entered.
awarded-line = Your solution “{ $solution }” won an award of { $amount }.
challenge-ended-line = The challenge is { $status }.
challenge-ended-reason-line = The challenge is { $status }: an administrator ended it without awards. Their reason: { $reason }
status-closed = closed
status-cancelled = cancelled
status-awarded = awarded
escrow-funded-line = { $amount } arrived in the challenge's escrow.
shares-changed-line = The influence shares of this idea changed. See the register for who holds what.
royalty-credited-line = { $amount } in royalties for { $period } was received and credited to your balance.
pledge-received-line = A backer pledged { $amount } to your campaign.
campaign-succeeded-line = The campaign you backed reached its goal: your pledge is being charged.
campaign-failed-line = The campaign you backed did not reach its goal: nobody is charged.
payment-failed-line = Your pledge of { $amount } could not be charged. Check your card: it is tried again for a few days.
pledge-dropped-line = Your pledge of { $amount } was dropped: no charge succeeded within the grace period.
campaign-launched-line = A campaign you said you would back has launched: you can pledge now.
campaign-update-line = New update from a campaign you backed: { $update }
webhook-disabled-line = Your organization’s webhook endpoint failed every attempt to deliver an event and was disabled. Check the receiver, then enable it again.
payment-due-line = The campaign you backed reached its goal: please pay { $amount } by bank transfer by { $due }, quoting { $reference }. Unpaid pledges are dropped after that day.
digest-subject = Your { $period } Ideaforge digest: { $count ->
        [one] one update
       *[other] { $count } updates
    }
digest-daily = daily
digest-weekly = weekly
digest-intro = Here is what happened:
digest-no-contest = Ideas outside contests
digest-challenges = Challenges
digest-replied = replied: { $excerpt }
verify-subject = Confirm your e-mail address for Ideaforge
verify-body = Please confirm that this address is yours by opening this link (it works for 7 days):
verify-action = Confirm my address
verify-ignore = If you did not create an account, ignore this message.
reset-subject = Reset your Ideaforge password
reset-body = Someone asked to reset the password of your account. Choose a new one with this link (it works for one hour, once):
reset-action = Choose a new password
reset-ignore = If it was not you, ignore this message: your password stays as it is.
