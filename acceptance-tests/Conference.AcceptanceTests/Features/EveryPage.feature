Feature: Every page for everyone
  In order to register for a conference or manage one whatever my screen, my keyboard or my assistive technology
  As a registrant or a business customer
  I want every page to pass an accessibility audit, fit a phone's screen and work from the keyboard alone

  Every step of every registration and management scenario also has the page it ends on audited
  (axe-core: no violation of impact serious or critical; at 375 × 812 nothing scrolls sideways and
  every button and field lies within the screen). These scenarios reach the pages no other scenario
  ends on, and drive the registrant's pages from the keyboard and on a phone.

  @registration
  Scenario: The registration site's pages pass the audit
    Given the published conference "Audit summit" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    Then these pages of the registration site pass the audit:
      | Page                | Path                                       |
      | home                | /                                          |
      | conference          | /{conference}                              |
      | unknown conference  | /no-such-conference                        |
      | seat selection      | /{conference}/register                     |
      | find order          | /{conference}/order/find                   |
      | order not found     | /{conference}/order/{unknown order}        |
      | reservation unknown | /{conference}/registration/{unknown order} |
      | seats of no order   | /{conference}/order/{unknown order}/seats  |

  @management
  Scenario: The management site's pages pass the audit
    Given a business customer has created the conference "Audit summit" with slug "audit"
    And the conference has a seat type "General admission" priced at 199 with a quota of 20
    Then these pages of the management site pass the audit:
      | Page                | Path                                  |
      | home                | /                                     |
      | create              | /conferences/create                   |
      | locate              | /conferences/locate                   |
      | details             | /conferences/{conference}             |
      | edit                | /conferences/{conference}/edit        |
      | seat types          | /conferences/{conference}/seats       |
      | new seat type       | /conferences/{conference}/seats/create |
      | edit seat type      | {seat type}                           |
      | orders              | /conferences/{conference}/orders      |
      | not your conference | /conferences/no-such-conference       |
      | unknown page        | /no-such-page                         |

  @registration
  Scenario: A registrant reserves, gives their details and pays with the keyboard only
    Given the published conference "Keyboard summit" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    When the registrant opens the seat selection
    And the registrant chooses 2 "General admission" seats and reserves them with the keyboard only
    Then the reservation is confirmed for all the selected seats
    And the total should read "$398.00"
    When the registrant enters these details and proceeds to payment with the keyboard only: "William" "Flash" "william@fabrikam.com"
    And the registrant accepts the payment with the keyboard only
    Then the order is confirmed with an access code

  @registration
  Scenario Outline: A registrant on a <screen> screen sees the whole of each page
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | Additional cocktail party | 50    | 100   |
    And the screen is <width> × <height> pixels
    When the registrant opens the conference page
    Then the page fits the screen
    And the page is the documentation's screenshot "conference"
    When the registrant selects these seats:
      | SeatType                  | Quantity |
      | General admission         | 1        |
      | Additional cocktail party | 1        |
    Then the page fits the screen
    And the page is the documentation's screenshot "seat-selection"
    When the registrant proceeds to make the reservation
    And the registrant enters these details: "William" "Flash" "william@fabrikam.com"
    Then the page fits the screen
    And the page is the documentation's screenshot "registrant"
    When the registrant proceeds to payment
    Then the page fits the screen
    When the payment is accepted
    Then the page fits the screen
    And the order is confirmed with an access code

    Examples:
      | screen  | width | height |
      | desktop | 1280  | 800    |
      | phone   | 375   | 812    |
