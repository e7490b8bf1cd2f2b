@registration
Feature: Waiting list
  In order to get seats of a sold-out seat type when some come back
  As a registrant
  I want to wait in line, be offered the seats that come back, and leave the line when I no longer want them

  # Every scenario runs on a processor, public site and management site of their own (one database)
  # where an offer is held 20 s, so an offer not taken up passes on quickly. Seats come back when the
  # business customer raises the quota: a reservation that runs out releases its seats only 14 minutes
  # after the registrant's countdown ends (so that a payment in progress can finish).
  Background:
    Given waiting-list offers are held 20 seconds

  Scenario: A registrant joins the waiting list of a sold-out seat type, and the same email cannot join it twice
    Given the published conference "Waiting Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 2     |
    And another registrant has reserved 2 "Workshop" seats
    When the registrant opens the seat selection
    Then "Workshop" is shown as sold out
    When "Ann" joins the waiting list of "Workshop" from the seat selection for 2 seats with "ann@contoso.com"
    Then "Ann" is number 1 in line
    And "Ann" is emailed their place with a link to leave
    When "Ann" tries to join the waiting list of "Workshop" again for 1 seat
    Then the page shows the message "This email address is already on the waiting list for these seats."
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status  | Offers |
      | Ann  | 2     | Waiting |        |

  Scenario: Seats that come back are offered to the first in line, who registers with them
    Given the published conference "Offer Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 2     |
    And another registrant has reserved 2 "Workshop" seats
    And "Ann" has joined the waiting list of "Workshop" for 2 seats with "ann@contoso.com"
    When the business customer raises the quota of "Workshop" to 4 on the management site
    Then "Ann" is emailed an offer of 2 seats
    When "Ann" opens the link in the offer email and registers with the seats
    Then these seats are reserved:
      | SeatType | Quantity |
      | Workshop | 2        |
    And the total should read "$200.00"
    When the registrant enters these details: "Ann" "Lee" "ann@contoso.com"
    And the registrant proceeds to payment
    And the payment is accepted
    Then the order is confirmed with an access code
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status | Offers            |
      | Ann  | 2     | Taken  | 2 seat(s): Taken  |

  Scenario: Fewer seats come back than the first in line asked for: those are offered and the rest keeps waiting
    Given the published conference "Partial Offer Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 1     |
    And another registrant has reserved 1 "Workshop" seats
    And "Ann" has joined the waiting list of "Workshop" for 3 seats with "ann@contoso.com"
    When the business customer raises the quota of "Workshop" to 2 on the management site
    Then "Ann" is emailed an offer of 1 seat
    And "Ann"'s place page shows 1 seat held and that they are number 1 in line for the rest
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status  | Offers             |
      | Ann  | 3     | Offered | 1 seat(s): Offered |

  Scenario: An offer not taken up in its window passes to the next in line
    Given the published conference "Pass On Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 1     |
    And another registrant has reserved 1 "Workshop" seats
    And "Ann" has joined the waiting list of "Workshop" for 1 seat with "ann@contoso.com"
    And "Bob" has joined the waiting list of "Workshop" for 1 seat with "bob@contoso.com"
    When the business customer raises the quota of "Workshop" to 2 on the management site
    Then "Ann" is emailed an offer of 1 seat
    When "Ann" does not take up the offer in its window
    Then "Bob" is emailed an offer of 1 seat
    And the link in "Ann"'s offer email says the offer is no longer open
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status  | Offers             |
      | Ann  | 1     | Expired | 1 seat(s): Expired |
      | Bob  | 1     | Offered | 1 seat(s): Offered |

  Scenario: A registrant leaves the waiting list from the link in their email
    Given the published conference "Leaving Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 1     |
    And another registrant has reserved 1 "Workshop" seats
    And "Ann" has joined the waiting list of "Workshop" for 1 seat with "ann@contoso.com"
    When "Ann" opens the link in their waiting-list email and leaves the waiting list
    Then "Ann"'s place page says they left the waiting list
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status | Offers |
      | Ann  | 1     | Left   |        |

  Scenario: A partly reserved order links to the waiting list for the seats it is short of
    Given the published conference "Short Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 3     |
    And the registrant opens the seat selection
    And the registrant selects these seats:
      | SeatType | Quantity |
      | Workshop | 3        |
    And another registrant has reserved 2 "Workshop" seats
    When the registrant proceeds to make the reservation
    Then the reservation is partial
    And the registrant page links to the waiting list for 2 more "Workshop" seats
    When "Cleo" follows that link and joins the waiting list with "cleo@contoso.com"
    Then "Cleo" is number 1 in line for 2 seats
